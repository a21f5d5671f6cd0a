import { readFileSync } from 'node:fs';
import { isSubgraphName, supergraphPath, type SubgraphName } from '@chorus/runtime';

/**
 * The committed supergraph with each subgraph's URL replaced by this run's.
 * Our gateway takes URLs from configuration instead of the file; stock Apollo
 * and Hive read them from the file, so they get a file that tells the truth.
 */
export function supergraphWithUrls(urls: Record<SubgraphName, string>): string {
  let replaced = 0;
  const sdl = readFileSync(supergraphPath, 'utf8').replace(
    /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g,
    (_match, name: string) => {
      if (!isSubgraphName(name)) throw new Error(`supergraph names an unknown subgraph "${name}"`);
      replaced++;
      return `@join__graph(name: "${name}", url: "${urls[name]}")`;
    },
  );
  // A reformatted supergraph would otherwise silently keep the default ports.
  if (replaced !== Object.keys(urls).length) throw new Error(`expected ${Object.keys(urls).length} @join__graph URLs, found ${replaced}`);
  return sdl;
}
