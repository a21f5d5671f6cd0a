import type { TestProject } from 'vitest/node';
import { acquireCassandra, type TestCassandra } from './support/cassandra.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** "host:port" of the Cassandra the tests use, or null when none could be had (and none is required). */
    cassandra: string | null;
  }
}

/**
 * Brings up one Cassandra for the whole run (or reuses one), so the
 * Cassandra tests run for real. Under CHORUS_REQUIRE_SERVICES=1 a Cassandra
 * that cannot be had fails the run instead of skipping those tests.
 */
export default async function setup(project: TestProject) {
  let cassandra: TestCassandra | null = null;
  try {
    cassandra = await acquireCassandra();
  } catch (error) {
    if (process.env.CHORUS_REQUIRE_SERVICES === '1') throw error;
    console.warn(`Cassandra could not be started, so its tests are skipped: ${error instanceof Error ? error.message : error}`);
  }
  project.provide('cassandra', cassandra?.contactPoint ?? null);
  return async () => {
    await cassandra?.release();
  };
}
