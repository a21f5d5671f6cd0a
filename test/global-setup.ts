import type { TestProject } from 'vitest/node';
import { ensureBrowser } from '../scripts/ensure-browser.ts';
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
 *
 * Meanwhile installs Chromium for the browser tests when it is missing
 * (scripts/ensure-browser.ts), so CI gets it with no extra step. Those tests
 * are never skipped: without a browser they fail, and the warning here says why.
 */
export default async function setup(project: TestProject) {
  const required = process.env.CHORUS_REQUIRE_SERVICES === '1';
  const [browser, acquired] = await Promise.allSettled([ensureBrowser((message) => console.log(message)), acquireCassandra()]);
  const cassandra: TestCassandra | null = acquired.status === 'fulfilled' ? acquired.value : null;
  if (browser.status === 'rejected') {
    if (required) {
      await cassandra?.release();
      throw browser.reason;
    }
    console.warn(`Chromium could not be installed, so the browser tests will fail: ${reason(browser.reason)}`);
  }
  if (acquired.status === 'rejected') {
    if (required) throw acquired.reason;
    console.warn(`Cassandra could not be started, so its tests are skipped: ${reason(acquired.reason)}`);
  }
  project.provide('cassandra', cassandra?.contactPoint ?? null);
  return async () => {
    await cassandra?.release();
  };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
