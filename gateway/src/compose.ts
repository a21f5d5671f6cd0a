import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { defaultSubgraphPort, readSubgraphSdl, subgraphNames } from '@chorus/runtime';

export type CompositionOutcome = { ok: true; supergraphSdl: string; hints: string[] } | { ok: false; errors: string[] };

/**
 * Composes the subgraphs' SDL files into the supergraph. The URLs written into
 * it are the defaults; the gateway takes the real ones from configuration.
 */
export function composeSupergraph(): CompositionOutcome {
  const result = composeServices(
    subgraphNames.map((name) => ({
      name,
      url: `http://127.0.0.1:${defaultSubgraphPort(name)}/graphql`,
      typeDefs: parse(readSubgraphSdl(name)),
    })),
  );
  if (result.errors) return { ok: false, errors: result.errors.map((error) => error.message) };
  return { ok: true, supergraphSdl: `${result.supergraphSdl}\n`, hints: result.hints.map((hint) => hint.toString()) };
}
