import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';
import { subgraphSchemaPath, type SubgraphName } from './catalog.ts';

/** Reads a subgraph's SDL, the source of truth for both the server and composition. */
export function readSubgraphSdl(name: SubgraphName): string {
  return readFileSync(subgraphSchemaPath(name), 'utf8');
}

export function loadSubgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(readSubgraphSdl(name));
}
