// `npm run api-key -- create <name> [requests-per-minute]` prints a new key for
// the public API once (only its hash is stored); `npm run api-key -- revoke <id>`
// revokes one; `npm run api-key -- list` lists them. Uses DATABASE_URL or the
// embedded database (stop `npm start` first: it has one owner at a time).
import { createLogger, createPrisma, loadConfig } from '@chorus/runtime';
import { openDatabase } from '@chorus/runtime/db/database';
import { createApiKey, revokeApiKey } from '@chorus/gateway/public-api/api-keys';

const [command, ...args] = process.argv.slice(2);
const config = loadConfig();
const database = await openDatabase(config, createLogger('api-key', 'warn'));
const prisma = createPrisma(database.url);
try {
  if (command === 'create' && args[0]) {
    const created = await createApiKey(prisma, args[0], Number(args[1] ?? 600));
    console.log(`Created API key ${created.id} ("${args[0]}"). Keep it now; it is not shown again:\n\n  ${created.key}\n`);
  } else if (command === 'revoke' && args[0]) {
    console.log((await revokeApiKey(prisma, args[0])) ? `Revoked ${args[0]}.` : `No active key ${args[0]}.`);
  } else if (command === 'list') {
    for (const key of await prisma.apiKey.findMany({ orderBy: { createdAt: 'asc' } })) {
      console.log(`${key.id}  ${key.revokedAt ? 'revoked' : 'active '}  ${key.ratePerMinute}/min  ${key.name}`);
    }
  } else {
    console.error('Usage: npm run api-key -- create <name> [requests-per-minute] | revoke <id> | list');
    process.exitCode = 2;
  }
} finally {
  await prisma.$disconnect();
  await database.stop();
}
