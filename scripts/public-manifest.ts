// Part of `npm run codegen`: writes schema/public-operations.json, the trusted
// documents the public API may run, from schema/operations/public/*.graphql.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildPublicManifest, publicManifestPath } from '@chorus/gateway/public-api/manifest';

const text = `${JSON.stringify(buildPublicManifest(), null, 2)}\n`;
let current = '';
try {
  current = readFileSync(publicManifestPath, 'utf8');
} catch {
  // first run
}
if (current !== text) writeFileSync(publicManifestPath, text);
console.log(`schema/public-operations.json: ${current === text ? 'up to date' : 'written'}.`);
