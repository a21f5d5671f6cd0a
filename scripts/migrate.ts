// `npm run db:migrate`: applies the pending Prisma migrations (prisma/migrations/)
// to the database in DATABASE_URL, like `prisma migrate deploy`, but through the
// WebAssembly schema engine, so no engine binary has to be downloaded.

import { applyMigrations } from '../runtime/src/db/migrations.ts';

async function main(): Promise<number> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) {
    // TODO: fall back to the embedded database once it is available.
    console.error('DATABASE_URL is not set: nothing to migrate.');
    return 1;
  }

  const applied = await applyMigrations(databaseUrl);
  if (applied.length === 0) {
    console.log('No pending migrations: the database is up to date.');
  } else {
    console.log(`Applied ${applied.length} migration(s):`);
    for (const name of applied) console.log(`  ${name}`);
  }
  return 0;
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
