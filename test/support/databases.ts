import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '@chorus/runtime/db/embedded-postgres';
import { applyMigrations } from '@chorus/runtime/db/migrations';

export type DatabaseKind = 'pglite' | 'postgres';

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  drop(): Promise<void>;
}

/** The real server integration tests use; each run makes and drops its own database in it. */
export const postgresAdminUrl = process.env.CHORUS_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Under CHORUS_REQUIRE_SERVICES=1 (CI) a missing service fails the run instead of being skipped. */
export const servicesRequired = process.env.CHORUS_REQUIRE_SERVICES === '1';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The databases integration tests run against: always the embedded PGlite,
 * and the real PostgreSQL when it answers (or when CI requires it, so that
 * its absence fails loudly in createTestDatabase).
 */
export async function databaseKinds(): Promise<DatabaseKind[]> {
  if (servicesRequired || (await postgresReachable())) return ['pglite', 'postgres'];
  console.warn(`PostgreSQL at ${postgresAdminUrl} is not reachable: its integration tests are skipped.`);
  return ['pglite'];
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const embedded = await startEmbeddedPostgres({});
    await applyMigrations(embedded.url);
    return { kind, url: embedded.url, drop: embedded.stop };
  }
  const name = `chorus_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    kind,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
