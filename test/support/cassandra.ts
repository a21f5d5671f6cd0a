import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureCassandraInstalled, isCassandraListening, startLocalCassandra, type LocalCassandra } from '@chorus/runtime/cassandra/local-daemon';

export interface TestCassandra {
  /** "host:port" for the driver. */
  contactPoint: string;
  /** Set when this process started the daemon (and so can stop it). */
  daemon: LocalCassandra | null;
  release(): Promise<void>;
}

/** A daemon this process owns: it can be killed and started again on the same data and port. */
export interface PrivateCassandra extends TestCassandra {
  daemon: LocalCassandra;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

/**
 * A Cassandra for tests: CHORUS_TEST_CASSANDRA if set, one already listening
 * on 127.0.0.1:9042, or a fresh single-node daemon in a temporary folder.
 */
export async function acquireCassandra(log: (line: string) => void = () => {}): Promise<TestCassandra> {
  const configured = process.env.CHORUS_TEST_CASSANDRA;
  if (configured) return { contactPoint: configured, daemon: null, release: async () => {} };
  if (await isCassandraListening('127.0.0.1', 9042)) return { contactPoint: '127.0.0.1:9042', daemon: null, release: async () => {} };
  return startPrivateCassandra(log);
}

/** A daemon of one's own (the fault tests stop and restart it), removed with its data on release. */
export async function startPrivateCassandra(log: (line: string) => void = () => {}): Promise<PrivateCassandra> {
  await ensureCassandraInstalled({ log });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-cassandra-'));
  try {
    const first = await startLocalCassandra({ dataDir, log });
    const handle: PrivateCassandra = {
      contactPoint: `127.0.0.1:${first.port}`,
      daemon: first,
      kill: () => handle.daemon.kill(),
      async restart() {
        handle.daemon = await startLocalCassandra({ dataDir, nativePort: first.port, log });
      },
      async release() {
        await handle.daemon.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
    return handle;
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A keyspace name no other run uses; each run drops its own. */
export function testKeyspace(): string {
  return `chorus_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
