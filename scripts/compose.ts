// Writes schema/supergraph.graphql from the subgraphs' SDL; with --check,
// only reports whether the committed file is current (exit 1 when stale).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { supergraphPath } from '@chorus/runtime';
import { composeSupergraph } from '@chorus/gateway/compose';

const outcome = composeSupergraph();
if (!outcome.ok) {
  console.error(`Composition failed:\n${outcome.errors.map((error) => `  - ${error}`).join('\n')}`);
  process.exit(1);
}
const committed = existsSync(supergraphPath) ? readFileSync(supergraphPath, 'utf8') : '';
if (process.argv.includes('--check')) {
  if (committed !== outcome.supergraphSdl) {
    console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit it.');
    process.exit(1);
  }
  console.log('schema/supergraph.graphql is up to date.');
} else if (committed === outcome.supergraphSdl) {
  console.log('schema/supergraph.graphql is up to date.');
} else {
  writeFileSync(supergraphPath, outcome.supergraphSdl);
  console.log('Wrote schema/supergraph.graphql.');
}
