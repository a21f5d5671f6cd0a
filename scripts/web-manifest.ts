// Part of `npm run codegen`: writes schema/web-operations.json, the web
// client's persisted operations (the only ones its production build sends),
// from the persisted documents codegen just wrote under web/src/gql/.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildWebManifest, webManifestPath } from '@chorus/gateway/web-operations';

const text = `${JSON.stringify(buildWebManifest(), null, 2)}\n`;
let current = '';
try {
  current = readFileSync(webManifestPath, 'utf8');
} catch {
  // first run
}
if (current !== text) writeFileSync(webManifestPath, text);
console.log(`schema/web-operations.json: ${current === text ? 'up to date' : 'written'}.`);
