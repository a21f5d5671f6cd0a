import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../src/blob-store.ts';
import { DerivativeRenderer } from '../src/derivatives.ts';
import type { DerivativeParams } from '../src/derivative-params.ts';
import { image } from './fixtures.ts';

describe('derivative renderer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'chorus-derivatives-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes one sharp job for many concurrent requests of one derivative, then serves it from disk', async () => {
    const blobs = new LocalBlobStore(path.join(dir, 'blobs'));
    const hash = await blobs.put(await image('jpeg', 640, 480));
    const renderer = new DerivativeRenderer(path.join(dir, 'cache'), blobs);
    const params: DerivativeParams = { mediaId: 'm', width: 120, height: 90, fit: 'cover', focus: 'entropy', quality: 70, format: null };
    const results = await Promise.all(Array.from({ length: 12 }, () => renderer.render(hash, params, 'webp')));
    expect(renderer.renders).toBe(1);
    expect(new Set(results.map((result) => result.bytes.toString('base64'))).size).toBe(1);
    // A fresh renderer over the same cache folder finds it on disk.
    const restarted = new DerivativeRenderer(path.join(dir, 'cache'), blobs);
    await restarted.render(hash, params, 'webp');
    expect(restarted.renders).toBe(0);
    await restarted.render(hash, { ...params, quality: 71 }, 'webp');
    expect(restarted.renders).toBe(1);
  });
});
