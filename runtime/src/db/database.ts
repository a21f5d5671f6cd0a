import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { applyMigrations } from './migrations.ts';

export interface Database {
  url: string;
  /** True when this process runs the embedded PGlite itself. */
  embedded: boolean;
  /** Migrations applied while opening (only the embedded database is migrated here). */
  applied: string[];
  stop(): Promise<void>;
}

/**
 * The configured PostgreSQL, or — with no DATABASE_URL — an embedded PGlite
 * under the data folder, served on a local port and migrated, so a first run
 * needs no database server.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.databaseUrl !== undefined) {
    return { url: config.databaseUrl, embedded: false, applied: [], stop: async () => {} };
  }
  const dataDir = path.join(config.dataDir, 'pglite');
  const embedded = await startEmbeddedPostgres({ dataDir, port: config.embeddedPostgresPort });
  let applied: string[];
  try {
    applied = await applyMigrations(embedded.url);
    logger.info({ dataDir, applied }, 'embedded PostgreSQL (PGlite) ready');
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: embedded.url, embedded: true, applied, stop: embedded.stop };
}
