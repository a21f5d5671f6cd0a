// `npm run db:migration:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/
// with the SQL that takes a database built from the existing migrations to the
// current prisma/schema.prisma. The existing migrations are replayed on a
// throw-away in-memory PGlite, so no database server or shadow database is needed.

import { startEmbeddedPostgres } from '@chorus/runtime/db/embedded-postgres';
import { createMigration } from '@chorus/runtime/db/migrations';

async function main(): Promise<number> {
  const name = process.argv[2];
  if (!name || process.argv.length > 3) {
    console.error('Usage: tsx scripts/migration-new.ts <name>   (e.g. add_post_tags)');
    return 2;
  }

  const scratch = await startEmbeddedPostgres({});
  try {
    const file = await createMigration(name, { scratchDatabaseUrl: scratch.url });
    if (file === null) {
      console.log('The migrations already match prisma/schema.prisma: no migration created.');
    } else {
      console.log(`Created ${file}`);
    }
    return 0;
  } finally {
    await scratch.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
