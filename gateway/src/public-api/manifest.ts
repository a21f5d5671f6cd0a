import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { repoRoot } from '@chorus/runtime';

export const publicOperationsDir = path.join(repoRoot, 'schema', 'operations', 'public');
export const publicManifestPath = path.join(repoRoot, 'schema', 'public-operations.json');

/** Apollo's persisted query manifest format. */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: { id: string; name: string; type: 'query' | 'mutation' | 'subscription'; body: string }[];
}

/** Builds the manifest from the .graphql documents: one operation each, id = SHA-256 of its printed body. */
export function buildPublicManifest(dir = publicOperationsDir): PersistedQueryManifest {
  const operations = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const document = parse(readFileSync(path.join(dir, file), 'utf8'));
      const [operation, ...rest] = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      if (!operation?.name || rest.length > 0) throw new Error(`${file} must hold exactly one named operation`);
      const body = print(document);
      return { id: createHash('sha256').update(body).digest('hex'), name: operation.name.value, type: operation.operation, body };
    });
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

export function loadPublicManifest(): Map<string, PersistedQueryManifest['operations'][number]> {
  const manifest = JSON.parse(readFileSync(publicManifestPath, 'utf8')) as PersistedQueryManifest;
  return new Map(manifest.operations.map((operation) => [operation.id, operation]));
}
