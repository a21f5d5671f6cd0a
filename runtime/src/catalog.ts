import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Absolute path of the repository root (this file is runtime/src/catalog.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const subgraphNames = ['users', 'social', 'timeline', 'chat', 'media'] as const;
export type SubgraphName = (typeof subgraphNames)[number];

/** Default ports: the gateway on 4000, subgraphs on 4001–4005 in catalog order. */
export const defaultGatewayPort = 4000;
export function defaultSubgraphPort(name: SubgraphName): number {
  return defaultGatewayPort + 1 + subgraphNames.indexOf(name);
}

export function subgraphDir(name: SubgraphName): string {
  return path.join(repoRoot, 'subgraphs', name);
}

/** The subgraph's SDL file: the source of truth for its part of the graph. */
export function subgraphSchemaPath(name: SubgraphName): string {
  return path.join(subgraphDir(name), 'schema.graphql');
}

export function subgraphEntryPath(name: SubgraphName): string {
  return path.join(subgraphDir(name), 'src', 'main.ts');
}

export const supergraphPath = path.join(repoRoot, 'schema', 'supergraph.graphql');

export function isSubgraphName(value: string): value is SubgraphName {
  return (subgraphNames as readonly string[]).includes(value);
}
