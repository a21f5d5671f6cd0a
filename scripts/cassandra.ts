// `npm run cassandra`: a local single-node Cassandra for development, until
// Ctrl-C. Fetches the jars with Maven the first time (.cache/cassandra/), keeps
// its data in .data/cassandra/ across runs, listens for CQL on 127.0.0.1 at
// CHORUS_CASSANDRA_PORT (default 9042). Needs Java 17 and Maven.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cassandraVersion, startLocalCassandra, type LocalCassandra } from '@chorus/runtime/cassandra/local-daemon';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(repoRoot, '.data', 'cassandra');

const portText = process.env.CHORUS_CASSANDRA_PORT ?? '9042';
const port = Number(portText);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`CHORUS_CASSANDRA_PORT must be a port number, got "${portText}"`);
  process.exit(1);
}

let daemon: LocalCassandra | undefined;
let shuttingDown = false;

async function shutDown(signal: NodeJS.Signals): Promise<void> {
  if (shuttingDown) {
    // Second Ctrl-C: do not wait for the drain.
    console.log(`\n${signal} again: killing Cassandra`);
    await daemon?.kill();
    process.exit(130);
  }
  shuttingDown = true;
  console.log(`\n${signal}: stopping Cassandra (drains and flushes; Ctrl-C again to kill it)`);
  await daemon?.stop();
  process.exit(0);
}
// Installed before start-up, so Ctrl-C during the first download or start-up
// also ends cleanly (the daemon, once spawned, also dies with this process).
process.on('SIGINT', (signal) => void shutDown(signal));
process.on('SIGTERM', (signal) => void shutDown(signal));

console.log(`Starting Cassandra ${cassandraVersion} (data: ${path.relative(repoRoot, dataDir)}) …`);
try {
  daemon = await startLocalCassandra({
    dataDir,
    nativePort: port,
    log: (line) => console.log(line),
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

console.log(
  `\nCassandra ${cassandraVersion} is running (pid ${daemon.pid}).\n` +
    `  CQL contact point: ${daemon.host}:${daemon.port}  (local data centre: datacenter1)\n` +
    `  Logs: ${path.relative(repoRoot, path.join(dataDir, 'logs', 'system.log'))}\n` +
    `Press Ctrl-C to stop.\n`,
);

const { code, signal } = await daemon.exited;
if (!shuttingDown) {
  console.error(`Cassandra exited on its own (${signal ?? `code ${code}`})`);
  process.exit(1);
}
