// `npm run bench:chat`: end-to-end latency from sendMessage to delivery of
// messageAdded, with 1,000 and 10,000 subscribers each on its own graphql-ws
// connection, through the gateway (chat fields only, and with the sender's
// name fetched from the users subgraph per event) and straight to the chat
// subgraph as the baseline, in one run against the real system (processes,
// real PostgreSQL). Prints p50/p99, deliveries and messages per second,
// memory per connection, and ratios gateway/direct.
import { createPrisma, loadConfig } from '@chorus/runtime';
import { createTestDatabase } from '../test/support/databases.ts';
import { startTestSystem } from '../test/support/system.ts';
import { testSecrets } from '../test/support/secrets.ts';
import { childPid, rssBytes } from './chat/process-memory.ts';
import { directEndpoint, gatewayEndpoint, type Endpoint } from './chat/endpoints.ts';
import { runScenario, type ScenarioResult, type Selection } from './chat/scenario.ts';
import { seedGroups } from './chat/seed.ts';
import { percentile } from './support.ts';

/** Groups hold at most 500 members, so 10,000 subscribers are 20 groups. */
const membersPerGroup = 500;
const sizes = (process.env.CHORUS_BENCH_SUBSCRIBERS ?? '1000,10000').split(',').map(Number);
const measureMs = Number(process.env.CHORUS_BENCH_SECONDS ?? 10) * 1000;

interface Row {
  path: Endpoint['path'];
  selection: Selection;
  result: ScenarioResult;
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

function printTable(rows: Row[]): void {
  console.log(`\nmessageAdded, one message per group in flight, ${measureMs / 1000} s per scenario, ${membersPerGroup} subscribers per group:\n`);
  console.log('| path | selection | subscribers | messages | deliveries | p50 ms | p99 ms | deliveries/s | messages/s | gateway KiB/conn | chat KiB/conn |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { path, selection, result: r } of rows) {
    console.log(
      `| ${path} | ${selection} | ${r.subscribers.toLocaleString('en')} | ${r.messages} | ${r.latencies.length.toLocaleString('en')} | ` +
        `${percentile(r.latencies, 50).toFixed(1)} | ${percentile(r.latencies, 99).toFixed(1)} | ${(r.latencies.length / r.seconds).toFixed(0)} | ` +
        `${(r.messages / r.seconds).toFixed(1)} | ${path === 'gateway' ? kib(r.perConnection.gateway) : '–'} | ${kib(r.perConnection.chat)} |`,
    );
  }
  console.log('\nRatios, gateway / direct (latency: higher is slower; throughput: lower is slower; memory: gateway + chat vs chat alone):\n');
  console.log('| subscribers | gateway selection | p50 | p99 | deliveries/s | memory/conn |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const size of sizes) {
    const direct = rows.find((row) => row.path === 'direct' && row.result.subscribers === size)?.result;
    if (!direct) continue;
    for (const { selection, result: r } of rows.filter((row) => row.path === 'gateway' && row.result.subscribers === size)) {
      const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
      console.log(
        `| ${size.toLocaleString('en')} | ${selection} | ${ratio(percentile(r.latencies, 50), percentile(direct.latencies, 50))} | ` +
          `${ratio(percentile(r.latencies, 99), percentile(direct.latencies, 99))} | ` +
          `${ratio(r.latencies.length / r.seconds, direct.latencies.length / direct.seconds)} | ` +
          `${ratio(r.perConnection.gateway + r.perConnection.chat, direct.perConnection.chat)} |`,
      );
    }
  }
}

async function main(): Promise<void> {
  const database = await createTestDatabase('postgres');
  const prisma = createPrisma(database.url);
  const config = loadConfig({ ...testSecrets, DATABASE_URL: database.url });
  const largest = Math.max(...sizes);
  let system: Awaited<ReturnType<typeof startTestSystem>> | undefined;
  try {
    console.log(`Seeding ${largest.toLocaleString('en')} users in ${largest / membersPerGroup} groups of ${membersPerGroup} into a scratch PostgreSQL database...`);
    const groups = await seedGroups(prisma, config.secrets.jwtSecret, { groups: largest / membersPerGroup, membersEach: membersPerGroup });
    await prisma.$disconnect();
    system = await startTestSystem({ DATABASE_URL: database.url });
    const running = system;
    const memory = async () => ({
      gateway: await rssBytes(await childPid('gateway/src/main.ts')),
      chat: await rssBytes(await childPid('subgraphs/chat/src/main.ts')),
    });
    const endpoints = { gateway: gatewayEndpoint(running.gatewayUrl), direct: directEndpoint(`${running.baseUrl('chat')}/graphql`, config) };
    const plan: [Endpoint, Selection][] = [
      [endpoints.direct, 'sender { id }'],
      [endpoints.gateway, 'sender { id }'],
      [endpoints.gateway, 'sender { displayName }'],
    ];
    const rows: Row[] = [];
    let broken = 0;
    const failed: string[] = [];
    let scenarios = 0;
    for (const size of sizes) {
      for (const [endpoint, selection] of plan) {
        // Fresh processes each time, so the memory measured is this scenario's alone.
        if (scenarios++ > 0) {
          await running.restart('gateway');
          await running.restart('chat');
        }
        process.stdout.write(`${endpoint.path}, ${selection}, ${size.toLocaleString('en')} subscribers... `);
        let result: ScenarioResult;
        try {
          result = await runScenario({ endpoint, groups: groups.slice(0, size / membersPerGroup), selection, measureMs, memory });
        } catch (error) {
          // The system gave up under this load: that is a result too, and the other scenarios still run.
          const reason = error instanceof Error ? error.message : String(error);
          failed.push(`${endpoint.path}, ${selection}, ${size.toLocaleString('en')} subscribers: ${reason}`);
          console.log(`FAILED: ${reason.slice(0, 500)}`);
          continue;
        }
        console.log(`${result.latencies.length.toLocaleString('en')} deliveries, p50 ${percentile(result.latencies, 50).toFixed(1)} ms`);
        if (result.problems.length > 0) {
          broken += result.problems.length;
          // Grouped by shape (numbers blanked), so thousands of like failures read as one line each.
          const kinds = new Map<string, number>();
          for (const problem of result.problems) kinds.set(problem.replace(/\d+(\.\d+)?/g, '#'), (kinds.get(problem.replace(/\d+(\.\d+)?/g, '#')) ?? 0) + 1);
          console.log(`  BROKEN DELIVERY: ${result.problems.length} problems, e.g. ${result.problems[0]}`);
          for (const [kind, count] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`    ${count} × ${kind.slice(0, 400)}`);
        }
        rows.push({ path: endpoint.path, selection, result });
      }
    }
    printTable(rows);
    if (failed.length > 0) console.log(`\nFailed scenarios (no figures):\n- ${failed.map((line) => line.slice(0, 500)).join('\n- ')}`);
    if (broken > 0) console.log(`\n${broken} delivery problems: the rows they occurred in measure broken delivery.`);
    if (broken > 0 || failed.length > 0) process.exitCode = 1;
  } finally {
    await system?.stop();
    await prisma.$disconnect();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
