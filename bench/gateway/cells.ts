import type { Config } from '@chorus/runtime';
import type { LoadSpec } from './load.ts';
import type { Operation, SubgraphFetch } from './operations.ts';
import { signedHeaders } from './signed-identity.ts';

/** One row of the table before it is measured: what to load, and where. */
export interface Cell {
  target: string;
  spec: LoadSpec;
  /** Part of an operation (one subgraph fetch) rather than the whole of it. */
  detail: boolean;
  /** For direct cells: the plan fetch this cell sends. */
  fetch?: SubgraphFetch;
  /** For gateway cells: the gateway's process, whose CPU time is read around each slice. */
  pid?: number;
}

export interface GatewayTarget {
  name: string;
  url: string;
  pid: number;
  /** How this gateway is told who the signed-in caller is. */
  signedInHeaders: Record<string, string>;
}

export const directTarget = 'subgraphs direct';

function directSpec(config: Config, fetch: SubgraphFetch): LoadSpec {
  return {
    url: config.subgraphUrls[fetch.subgraph],
    body: JSON.stringify({ query: fetch.query, variables: fetch.variables }),
    headers: {},
    // Signed per request, as a gateway does: each signature is bound to its own request id.
    perRequest: () => signedHeaders(config, fetch.userId),
    invalid: fetch.invalid,
  };
}

/** Every gateway with the same operation, then each subgraph fetch of its plan on its own. */
export function cellsFor(operation: Operation, gateways: GatewayTarget[], config: Config): Cell[] {
  const body = JSON.stringify({ query: operation.query, variables: operation.variables });
  const fetches = operation.plan.flat();
  return [
    ...gateways.map((gateway) => ({
      target: gateway.name,
      spec: { url: gateway.url, body, headers: operation.signedIn ? gateway.signedInHeaders : {}, invalid: operation.invalid },
      detail: false,
      pid: gateway.pid,
    })),
    ...fetches.map((fetch) => ({
      target: fetches.length === 1 ? directTarget : `direct, ${fetch.label}`,
      spec: directSpec(config, fetch),
      detail: fetches.length > 1,
      fetch,
    })),
  ];
}
