import { performance } from 'node:perf_hooks';
import type { Client } from 'graphql-ws';
import { GroupDeliveries } from './deliveries.ts';
import type { Endpoint } from './endpoints.ts';
import type { Group } from './seed.ts';

export type Selection = 'sender { displayName }' | 'sender { id }';

export interface Scenario {
  endpoint: Endpoint;
  groups: Group[];
  selection: Selection;
  /** How long messages are sent and measured after the warm-up. */
  measureMs: number;
  /** Resident memory of the gateway and of the chat subgraph, bytes. */
  memory(): Promise<{ gateway: number; chat: number }>;
}

export interface ScenarioResult {
  subscribers: number;
  messages: number;
  /** Send-to-delivery milliseconds of every measured delivery, sorted. */
  latencies: number[];
  seconds: number;
  /** Resident memory added per subscriber's connection, bytes. */
  perConnection: { gateway: number; chat: number };
  problems: string[];
}

/** Members of each group that take turns sending, so nobody exceeds the per-sender rate limit. */
const sendersPerGroup = 10;
const connectConcurrency = 50;
const warmupMessages = 3;
const deliveryTimeoutMs = 60_000;

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every member of every group subscribes to its group's messageAdded over
 * its own connection; then each group's senders send one message at a time,
 * the next as soon as every member has the previous one, so the system runs
 * flat out with one message per group in flight.
 */
export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const { endpoint, groups, selection } = scenario;
  const query = `subscription($c: ID!) { messageAdded(conversationId: $c) { seq body ${selection} } }`;
  const latencies: number[] = [];
  const problems: string[] = [];
  const trackers = groups.map((group, index) =>
    new GroupDeliveries(index, group.members.length, selection === 'sender { id }' ? 'id' : 'displayName', latencies, problems),
  );
  const clients: Client[] = [];
  const subscribers = groups.reduce((sum, group) => sum + group.members.length, 0);
  const before = await scenario.memory();
  const turn = groups.map(() => 0);
  const send = (g: number) => {
    const group = groups[g]!;
    const sender = group.members[(turn[g] = (turn[g] ?? 0) + 1) % sendersPerGroup]!;
    return endpoint.send(sender, group.id, String(performance.now()));
  };
  try {
    const everyone = groups.flatMap((group, g) => group.members.map((member, i) => ({ member, g, i })));
    await pool(everyone, connectConcurrency, async ({ member, g, i }) => {
      const tracker = trackers[g]!;
      let connected!: () => void;
      const acknowledged = new Promise<void>((resolve) => (connected = resolve));
      const client = endpoint.client(member, () => connected());
      clients.push(client);
      const extensions = endpoint.extensions(member);
      client.subscribe<Record<string, unknown>, Record<string, unknown>>(
        { query, variables: { c: groups[g]!.id }, ...(extensions ? { extensions } : {}) },
        { next: (result) => tracker.deliver(i, result), error: (error) => tracker.ended(i, error), complete: () => tracker.ended(i) },
      );
      await within(acknowledged, 60_000, 'connecting');
    });

    // graphql-ws has no "subscribed" acknowledgement: a subscription is known to be live once it delivered something.
    await Promise.all(
      groups.map(async (_group, g) => {
        const tracker = trackers[g]!;
        for (let attempt = 0; !tracker.allLive(); attempt++) {
          if (attempt === 30) throw new Error(`group ${g}: not every subscription went live`);
          await send(g);
          const deadline = Date.now() + 2_000;
          while (!tracker.allLive() && Date.now() < deadline) await sleep(50);
        }
        for (let i = 0; i < warmupMessages; i++) await tracker.allReceived(await send(g), deliveryTimeoutMs);
      }),
    );
    await sleep(1_000);
    const during = await scenario.memory();

    let messages = 0;
    const started = performance.now();
    const ranges = await Promise.all(
      groups.map(async (_group, g) => {
        const tracker = trackers[g]!;
        let first: number | undefined;
        let last = 0;
        // The warm-up reached everyone, so whatever arrives from now on was sent while measuring.
        tracker.measuring = true;
        while (performance.now() - started < scenario.measureMs) {
          last = await send(g);
          first ??= last;
          messages++;
          await tracker.allReceived(last, deliveryTimeoutMs);
        }
        return { first: first ?? 1, last };
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await sleep(1_000); // late duplicates would show up here
    ranges.forEach(({ first, last }, g) => trackers[g]!.verify(first, last));
    return {
      subscribers,
      messages,
      latencies: latencies.sort((a, b) => a - b),
      seconds,
      perConnection: { gateway: (during.gateway - before.gateway) / subscribers, chat: (during.chat - before.chat) / subscribers },
      problems,
    };
  } finally {
    for (const tracker of trackers) tracker.closing = true;
    await Promise.all(clients.map((client) => client.dispose()));
  }
}
