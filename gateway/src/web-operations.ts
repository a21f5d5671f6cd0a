import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { repoRoot } from '@chorus/runtime';
import type { PersistedQueryManifest } from './public-api/manifest.ts';

/** Written by GraphQL Code Generator's client preset from web/src/operations/*.graphql. */
export const webPersistedDocumentsPath = path.join(repoRoot, 'web', 'src', 'gql', 'persisted-documents.json');
export const webManifestPath = path.join(repoRoot, 'schema', 'web-operations.json');

/**
 * The web client's operations in Apollo's persisted-query manifest format.
 * The body is kept byte for byte as codegen hashed it, so the id is the
 * SHA-256 of the body, and equals the hash the client sends.
 */
export function buildWebManifest(file = webPersistedDocumentsPath): PersistedQueryManifest {
  const documents = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const operations = Object.entries(documents).map(([key, body]) => {
    const id = createHash('sha256').update(body).digest('hex');
    if (key !== `sha256:${id}`) throw new Error(`${key} is not the SHA-256 of its document`);
    const operation = parse(body).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation?.name) throw new Error(`${key} holds no named operation`);
    return { id, name: operation.name.value, type: operation.operation, body };
  });
  operations.sort((a, b) => a.name.localeCompare(b.name));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

export function loadWebManifest(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(webManifestPath, 'utf8')) as PersistedQueryManifest;
  return new Map(manifest.operations.map((operation) => [operation.id, operation.body]));
}

// Apollo Server keys the persisted-query cache it is given with this prefix.
const apqPrefix = 'apq:';

/** The key of a persisted query's text in that cache, for readers other than Apollo Server (graphql-ws). */
export const apqKey = (sha256Hash: string) => `${apqPrefix}${sha256Hash}`;

/**
 * The APQ cache with the web client's operations registered up front, so a
 * production client can send a manifest id alone the first time, and always:
 * these entries live here, not in an LRU or a Redis key that could expire or
 * be evicted. Every other hash goes to `fallback` as ordinary APQ.
 */
export function withWebOperations(fallback: KeyValueCache<string> = new InMemoryLRUCache<string>(), operations = loadWebManifest()): KeyValueCache<string> {
  const known = (key: string) => (key.startsWith(apqPrefix) ? operations.get(key.slice(apqPrefix.length)) : undefined);
  return {
    get: async (key) => known(key) ?? fallback.get(key),
    set: async (key: string, value: string, options?: KeyValueCacheSetOptions) => {
      if (known(key) === undefined) await fallback.set(key, value, options);
    },
    delete: async (key) => (known(key) === undefined ? fallback.delete(key) : false),
  };
}
