// `npm run bench:gateway`: the same operations through our gateway (as it
// runs by default, and with fetch sharing off), stock
// @apollo/gateway and Hive Gateway, each in its own process over the same
// subgraph processes, plus the subgraphs called directly with the fetches
// the query plan makes. Load from autocannon in this process. Prints RPS,
// p50 and p99 per target and operation, with ratios against stock Apollo.
import os from 'node:os';
import { loadConfig, subgraphNames, type Config, type SubgraphName } from '@chorus/runtime';
import { createTestDatabase } from '../../test/support/databases.ts';
import { testSecrets } from '../../test/support/secrets.ts';
import { subgraphCalls } from '../../test/support/subgraph-calls.ts';
import { startTestSystem, type TestSystem } from '../../test/support/system.ts';
import { cellsFor, directTarget, type Cell, type GatewayTarget } from './cells.ts';
import { pool, timedSlice, warmUp, type Figures, type LoadSettings, type Slice } from './load.ts';
import { operations, timelineRecentPosts, type Operation } from './operations.ts';
import { startGatewayProcess, type GatewayProcess } from './processes.ts';
import { seed } from './seed.ts';
import { benchUserHeader, signedHeaders } from './signed-identity.ts';
import { baselineTarget, printTable, type Row } from './table.ts';

const settings: LoadSettings = {
  connections: Number(process.env.BENCH_CONNECTIONS || 10),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS || 3),
  seconds: Number(process.env.BENCH_SECONDS || 12),
  rounds: Number(process.env.BENCH_ROUNDS || 3),
};

/** Authors of the newest posts, straight from timeline: the representations a gateway sends on. */
async function newestAuthors(config: Config): Promise<string[]> {
  const response = await fetch(config.subgraphUrls.timeline, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(config, null) },
    body: JSON.stringify({ query: timelineRecentPosts }),
  });
  const body = (await response.json()) as { data?: { recentPosts: { edges: { node: { author: { id: string } } }[] } } };
  if (!body.data) throw new Error(`timeline answered ${JSON.stringify(body)}`);
  return body.data.recentPosts.edges.map((edge) => edge.node.author.id);
}

/**
 * Every cell of one operation, one at a time, in rounds: each cell's time is
 * split into slices taken in a different order every round, so a burst of
 * other work on the machine, or going first, lands on all targets alike.
 */
async function measureOperation(operation: Operation, cells: Cell[], offset: number, subgraphCalls: () => Promise<number>): Promise<Row[]> {
  const slices = new Map<Cell, Slice[]>(cells.map((cell) => [cell, []]));
  for (let round = 0; round < settings.rounds; round++) {
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[(offset + round + k) % cells.length]!;
      process.stdout.write(`  round ${round + 1}/${settings.rounds}: ${cell.target}\n`);
      if (round === 0) await warmUp(cell.spec, settings);
      slices.get(cell)!.push(await timedSlice(cell.spec, settings.connections, settings.seconds / settings.rounds, cell.pid === undefined ? {} : { pid: cell.pid, subgraphCalls }));
    }
  }
  const figures = new Map<Cell, Figures>(cells.map((cell) => [cell, pool(slices.get(cell)!)]));
  const rows: Row[] = cells.map((cell) => ({ operation: operation.name, target: cell.target, figures: figures.get(cell)!, detail: cell.detail }));
  if (operation.plan.flat().length > 1) {
    // What the plan costs at the subgraphs alone: steps in sequence, the slowest fetch of each step.
    const path = (key: 'p50' | 'p99') =>
      operation.plan.reduce((sum, step) => sum + Math.max(...step.map((fetch) => figures.get(cells.find((c) => c.fetch === fetch)!)![key])), 0);
    rows.push({ operation: operation.name, target: `${directTarget}, critical path`, figures: { p50: path('p50'), p99: path('p99') } });
  }
  return rows;
}

async function run(system: TestSystem, config: Config, childEnv: Record<string, string>): Promise<Row[]> {
  console.log('Seeding users, follows and posts through our gateway...');
  const seeded = await seed(system);
  const ops = operations(seeded, await newestAuthors(config));
  const children: GatewayProcess[] = [];
  try {
    for (const entry of ['stock-apollo.ts', 'hive.ts'] as const) children.push(await startGatewayProcess(entry, childEnv));
    // Ours once more, with sharing of in-flight fetches off: what our gateway costs doing the same work as stock's.
    children.push(await startGatewayProcess('chorus', { ...childEnv, DATABASE_URL: system.databaseUrl, CHORUS_SHARE_SUBGRAPH_FETCHES: 'off' }));
    const viewer = { [benchUserHeader]: seeded.userIds[0]! };
    const bearer = { authorization: `Bearer ${seeded.accessToken}` };
    const gateways: GatewayTarget[] = [
      { name: 'Chorus gateway', url: system.gatewayUrl, pid: system.pid('gateway')!, signedInHeaders: bearer },
      { name: 'Chorus gateway, sharing off', url: children[2]!.url, pid: children[2]!.pid, signedInHeaders: bearer },
      { name: baselineTarget, url: children[0]!.url, pid: children[0]!.pid, signedInHeaders: viewer },
      { name: 'Hive Gateway', url: children[1]!.url, pid: children[1]!.pid, signedInHeaders: viewer },
    ];
    console.log(
      `Load: autocannon, ${settings.connections} connections; per cell ${settings.warmupSeconds} s checked warm-up, then ` +
        `${settings.seconds} s timed in ${settings.rounds} interleaved rounds. ${os.cpus().length} cores, Node ${process.version}, ` +
        `load average before: ${os.loadavg()[0]!.toFixed(1)}.`,
    );
    const rows: Row[] = [];
    for (const [i, op] of ops.entries()) {
      console.log(`\n${op.name}`);
      rows.push(...(await measureOperation(op, cellsFor(op, gateways, config), i, () => subgraphCalls(system))));
    }
    return rows;
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

async function main(): Promise<void> {
  const database = await createTestDatabase('postgres');
  let system: TestSystem | undefined;
  try {
    system = await startTestSystem({ DATABASE_URL: database.url });
    const running = system;
    const urls = Object.fromEntries(subgraphNames.map((name) => [name, `${running.baseUrl(name)}/graphql`])) as Record<SubgraphName, string>;
    // What the other gateways need to reach the same subgraphs: their URLs and the internal secret.
    const childEnv: Record<string, string> = {
      ...testSecrets,
      ...Object.fromEntries(subgraphNames.map((name) => [`CHORUS_${name.toUpperCase()}_URL`, urls[name]])),
      LOG_LEVEL: 'warn',
    };
    const rows = await run(system, loadConfig(childEnv), childEnv);
    console.log(`\nResults (${new Date().toISOString().slice(0, 10)}, load average after: ${os.loadavg()[0]!.toFixed(1)}):\n`);
    printTable(rows);
  } finally {
    await system?.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
