export interface SubgraphTarget {
  name: string;
  /** The subgraph's GraphQL URL; its /readyz sits beside /graphql. */
  url: string;
}

function readyUrl(graphqlUrl: string): string {
  return new URL('/readyz', graphqlUrl).toString();
}

/** Resolves when every subgraph says it is ready; otherwise throws naming those that are not. */
export async function checkSubgraphs(targets: SubgraphTarget[], timeoutMs = 2000): Promise<void> {
  const results = await Promise.all(
    targets.map(async ({ name, url }) => {
      try {
        const response = await fetch(readyUrl(url), { signal: AbortSignal.timeout(timeoutMs) });
        return response.ok ? null : name;
      } catch {
        return name;
      }
    }),
  );
  const failing = results.filter((name): name is string => name !== null);
  if (failing.length > 0) throw new Error(`not ready: ${failing.join(', ')}`);
}
