import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createPrisma, loadConfig, startSubgraph, type PrismaClient, type RunningServer } from '@chorus/runtime';
import { startGateway } from '@chorus/gateway/gateway-server';
import { createChatSubgraph } from '@chorus/chat';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import { freePort } from '../support/free-port.ts';
import { testSecrets } from '../support/secrets.ts';
import { eventually } from '../support/eventually.ts';
import { connect, settle, subscribe } from '../support/ws-client.ts';
import type { Client } from 'graphql-ws';

const redisUrl = process.env.CHORUS_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const signUp = `mutation($h: String!, $e: String!) {
  signUp(input: { handle: $h, email: $e, displayName: $h, password: "correct horse battery staple" }) { accessToken user { id } } }`;
const send = `mutation($c: ID!, $b: String!, $k: String!) { sendMessage(input: { conversationId: $c, body: $b, clientMessageId: $k }) { seq } }`;
const messageAdded = `subscription($c: ID!) { messageAdded(conversationId: $c) { seq body sender { handle } } }`;
const inboxUpdated = `subscription { inboxUpdated { inboxSeq kind message { seq } } }`;

interface Person {
  accessToken: string;
  user: { id: string };
}

/**
 * Two gateways and two chat instances on one PostgreSQL and one Redis:
 * instance A is the system as `npm start` runs it, instance B a second
 * gateway and chat beside it, sharing A's other subgraphs.
 */
describe('two gateway and two chat instances on PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let system: TestSystem;
  let chatB: RunningServer;
  let gatewayB: RunningServer;
  let prismaB: PrismaClient;
  const prefix = `chorus:test:${randomUUID()}:`;
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const shared = { DATABASE_URL: database.url, CHORUS_REDIS_URL: redisUrl, CHORUS_REDIS_PREFIX: prefix };
    system = await startTestSystem(shared);
    const portOf = (url: string) => new URL(url).port;
    const configB = loadConfig({
      ...testSecrets,
      ...shared,
      CHORUS_EVENT_POLL_MS: '100',
      CHORUS_GATEWAY_PORT: String(await freePort()),
      CHORUS_CHAT_PORT: String(await freePort()),
      CHORUS_USERS_PORT: portOf(system.baseUrl('users')),
      CHORUS_SOCIAL_PORT: portOf(system.baseUrl('social')),
      CHORUS_TIMELINE_PORT: portOf(system.baseUrl('timeline')),
      CHORUS_MEDIA_PORT: portOf(system.baseUrl('media')),
    });
    const logger = createLogger('instance-b', process.env.TEST_LOG ?? 'silent');
    chatB = await startSubgraph('chat', createChatSubgraph, configB);
    prismaB = createPrisma(database.url, { maxConnections: 3 });
    gatewayB = await startGateway({ config: configB, logger, prisma: prismaB });
  }, 180_000);

  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await gatewayB?.stop();
    await chatB?.stop();
    await prismaB?.$disconnect();
    await system?.stop();
    await database?.drop();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('delivers messages sent through either instance to subscribers on both, in order, none lost or twice', async () => {
    const gatewayA = system.gatewayUrl;
    const gatewayBUrl = gatewayB.url;
    const people: Person[] = [];
    for (const handle of ['amy', 'ben', 'cat']) {
      const result = await system.query(signUp, { h: handle, e: `${handle}@example.com` });
      people.push((result.data as { signUp: Person }).signUp);
    }
    const [amy, ben, cat] = people as [Person, Person, Person];
    const group = await system.query(
      `mutation($m: [ID!]!) { createGroup(input: { title: "Scale", memberIds: $m }) { id } }`,
      { m: [ben.user.id, cat.user.id] },
      amy.accessToken,
    );
    const conversationId = (group.data as { createGroup: { id: string } }).createGroup.id;

    const on = (url: string, person: Person) => {
      const client = connect(url, person.accessToken);
      clients.push(client);
      return client;
    };
    const benOnA = subscribe(on(gatewayA, ben), messageAdded, { c: conversationId });
    const catOnB = subscribe(on(gatewayBUrl, cat), messageAdded, { c: conversationId });
    const catInboxOnB = subscribe(on(gatewayBUrl, cat), inboxUpdated);
    await settle(1000);

    // Senders on both instances at once, each instance's HTTP path to its own chat.
    const total = 20;
    const sends = Array.from({ length: total }, (_, i) => {
      const [url, sender] = i % 2 === 0 ? [gatewayA, amy] : [gatewayBUrl, ben];
      return fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sender.accessToken}` },
        body: JSON.stringify({ query: send, variables: { c: conversationId, b: `m${i}`, k: `k${i}` } }),
      }).then(async (response) => expect(JSON.stringify(((await response.json()) as { errors?: unknown }).errors)).toBeUndefined());
    });
    await Promise.all(sends);

    const expected = Array.from({ length: total }, (_, i) => i + 1);
    for (const subscriber of [benOnA, catOnB]) {
      const results = await subscriber.waitFor(total, 30_000);
      await settle(500); // anything extra (a duplicate) would arrive now
      expect(subscriber.results.map((r) => r.errors)).toEqual(expected.map(() => undefined));
      expect(subscriber.results.map((r) => (r.data as { messageAdded: { seq: number } }).messageAdded.seq)).toEqual(expected);
      expect(new Set(results.map((r) => (r.data as { messageAdded: { body: string } }).messageAdded.body)).size).toBe(total);
    }
    // Write diffusion ran on whichever instance took the jobs; the inbox stream on B sees all of it, in order.
    await eventually(async () => {
      const seqs = catInboxOnB.results
        .map((r) => r.data as { inboxUpdated: { kind: string; message: { seq: number } | null } })
        .filter((d) => d.inboxUpdated.kind === 'MESSAGE_ADDED')
        .map((d) => d.inboxUpdated.message!.seq);
      expect(seqs).toEqual(expected);
    }, 30_000);
    const inboxSeqs = catInboxOnB.results.map((r) => (r.data as { inboxUpdated: { inboxSeq: number } }).inboxUpdated.inboxSeq);
    expect(inboxSeqs).toEqual([...inboxSeqs].sort((a, b) => a - b));
    expect(new Set(inboxSeqs).size).toBe(inboxSeqs.length);
  });
});
