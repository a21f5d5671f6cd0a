import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { loadWebManifest, webManifestPath, withWebOperations } from '../src/web-operations.ts';

describe('the web client\'s operations in the APQ cache', () => {
  const manifest = loadWebManifest();
  const [id, body] = [...manifest.entries()][0]!;

  it('answers every manifest id with its body, whose SHA-256 it is', () => {
    expect(manifest.size).toBe((JSON.parse(readFileSync(webManifestPath, 'utf8')) as { operations: unknown[] }).operations.length);
    for (const [key, text] of manifest) expect(createHash('sha256').update(text).digest('hex')).toBe(key);
  });

  it('serves manifest ids ahead of the cache, which cannot overwrite or drop them', async () => {
    const fallback = new InMemoryLRUCache<string>();
    const cache = withWebOperations(fallback, manifest);
    expect(await cache.get(`apq:${id}`)).toBe(body);
    await cache.set(`apq:${id}`, '{ somethingElse }');
    expect(await cache.delete(`apq:${id}`)).toBe(false);
    expect(await cache.get(`apq:${id}`)).toBe(body);
    expect(await fallback.get(`apq:${id}`)).toBeUndefined();
  });

  it('leaves every other hash to ordinary APQ', async () => {
    const fallback = new InMemoryLRUCache<string>();
    const cache = withWebOperations(fallback, manifest);
    const other = 'a'.repeat(64);
    expect(await cache.get(`apq:${other}`)).toBeUndefined();
    await cache.set(`apq:${other}`, '{ me { id } }');
    expect(await fallback.get(`apq:${other}`)).toBe('{ me { id } }');
    expect(await cache.get(`apq:${other}`)).toBe('{ me { id } }');
    // Only keys under Apollo's APQ prefix are ours to answer.
    expect(await cache.get(id)).toBeUndefined();
  });
});
