import { subgraphNames } from '@chorus/runtime';
import type { TestSystem } from './system.ts';

/** GraphQL requests all subgraphs of a running system have answered so far, from their /metrics. */
export async function subgraphCalls(system: Pick<TestSystem, 'baseUrl'>): Promise<number> {
  let total = 0;
  for (const name of subgraphNames) {
    const text = await (await fetch(`${system.baseUrl(name)}/metrics`)).text();
    for (const line of text.split('\n')) if (line.startsWith('chorus_graphql_requests_total')) total += Number(line.split(' ').at(-1));
  }
  return total;
}
