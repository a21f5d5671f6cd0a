// `npm run db:migrate`: applies the pending Prisma migrations (prisma/migrations/),
// and the timeline's CQL migrations when CHORUS_CASSANDRA is set,
// like `prisma migrate deploy`, but through the WebAssembly schema engine, so no
// engine binary has to be downloaded. Targets DATABASE_URL, or the embedded
// PGlite under the data folder when it is unset (stop `npm start` first: the
// embedded database has one owner at a time).

import { createLogger, loadConfig } from '@chorus/runtime';
import { openDatabase } from '@chorus/runtime/db/database';
import { applyMigrations } from '@chorus/runtime/db/migrations';
import { applyCqlMigrations } from '@chorus/runtime/cassandra/cql-migrations';
import { cassandraClient, cqlMigrationsDir } from '../subgraphs/timeline/src/store/open-store.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('migrate', 'warn');
  // openDatabase migrates the embedded database itself; a real one is migrated here.
  const database = await openDatabase(config, logger);
  try {
    const applied = database.embedded ? database.applied : await applyMigrations(database.url);
    const target = database.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL';
    console.log(applied.length === 0 ? `${target} is up to date.` : `Applied to ${target}: ${applied.join(', ')}`);
    if (config.timeline.cassandraContactPoint !== undefined) {
      const client = cassandraClient(config.timeline.cassandraContactPoint);
      try {
        const cql = await applyCqlMigrations(client, config.timeline.cassandraKeyspace, cqlMigrationsDir);
        const where = `Cassandra keyspace ${config.timeline.cassandraKeyspace}`;
        console.log(cql.length === 0 ? `${where} is up to date.` : `Applied to ${where}: ${cql.join(', ')}`);
      } finally {
        await client.shutdown();
      }
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
