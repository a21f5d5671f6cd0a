// Part of `npm run codegen`: writes the trusted-operation manifests under
// schema/ — the public API's (from schema/operations/public/*.graphql) and
// the web client's (from the persisted documents codegen just wrote under
// web/src/gql/, the only operations its production build sends).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@chorus/runtime';
import { buildPublicManifest, publicManifestPath } from '@chorus/gateway/public-api/manifest';
import { buildWebManifest, webManifestPath } from '@chorus/gateway/web-operations';

for (const [file, manifest] of [
  [publicManifestPath, buildPublicManifest()],
  [webManifestPath, buildWebManifest()],
] as const) {
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // first run
  }
  if (current !== text) writeFileSync(file, text);
  console.log(`${path.relative(repoRoot, file)}: ${current === text ? 'up to date' : 'written'}.`);
}
