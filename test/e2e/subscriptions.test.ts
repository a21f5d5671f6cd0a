import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { webManifestPath } from '@chorus/gateway/web-operations';
import type { Client } from 'graphql-ws';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import { eventually } from '../support/eventually.ts';
import { connect, settle, subscribe } from '../support/ws-client.ts';

const password = 'correct horse battery staple';
const signUp = `mutation($h: String!, $e: String!, $n: String!, $p: String!) {
  signUp(input: { handle: $h, email: $e, displayName: $n, password: $p }) { accessToken user { id } } }`;
const messageAdded = /* GraphQL */ `
  subscription($c: ID!) { messageAdded(conversationId: $c) { seq body sender { handle displayName } } }
`;
const sendDirect = `mutation($to: ID!, $body: String!) { sendDirectMessage(input: { toUserId: $to, body: $body }) { seq conversation { id } } }`;
const syncQuery = `query($t: String) { sync(token: $t) { token hasMore changes { kind conversationId message { seq body } } } }`;

interface Person {
  accessToken: string;
  user: { id: string };
}

describe('subscriptions through the gateway (graphql-ws)', () => {
  let system: TestSystem;
  const people: Record<string, Person> = {};
  let conversationId: string;
  const clients: Client[] = [];

  async function as<T>(person: Person, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await system.query(query, variables, person.accessToken);
    expect(result.errors).toBeUndefined();
    return result.data as T;
  }
  function client(person?: Person, onClose?: (code: number, reason: string) => void): Client {
    const made = connect(system.gatewayUrl, person?.accessToken, { onClose });
    clients.push(made);
    return made;
  }

  beforeAll(async () => {
    system = await startTestSystem({
      // Small enough that one stalled client trips it within the slow-consumer test's burst.
      CHORUS_WS_MAX_PENDING_EVENTS: '20',
      CHORUS_CHAT_SEND_BURST: '500',
      CHORUS_CHAT_SEND_PER_SECOND: '100',
      CHORUS_CHAT_TYPING_TTL_MS: '1500',
    });
    for (const [handle, name] of [['ann', 'Ann A.'], ['bob', 'Bob B.'], ['eve', 'Eve E.']] as const) {
      const result = await system.query(signUp, { h: handle, e: `${handle}@example.com`, n: name, p: password });
      people[handle] = (result.data as { signUp: Person }).signUp;
    }
    const first = await as<{ sendDirectMessage: { conversation: { id: string } } }>(people.ann!, sendDirect, {
      to: people.bob!.user.id,
      body: 'first',
    });
    conversationId = first.sendDirectMessage.conversation.id;
  });
  afterAll(async () => {
    for (const made of clients) await made.dispose();
    await system?.stop();
  });

  it('delivers new messages live, in order, completed with the sender from the users subgraph', async () => {
    const { ann, bob } = people as Record<'ann' | 'bob', Person>;
    const live = subscribe(client(bob), messageAdded, { c: conversationId });
    await settle();
    for (const body of ['two', 'three', 'four']) await as(ann, sendDirect, { to: bob.user.id, body });
    const results = await live.waitFor(3);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    expect(results.map((r) => r.data)).toEqual(
      [2, 3, 4].map((seq, i) => ({ messageAdded: { seq, body: ['two', 'three', 'four'][i], sender: { handle: 'ann', displayName: 'Ann A.' } } })),
    );
    live.stop();
  });

  it('refuses a non-member (FORBIDDEN) and an anonymous caller (UNAUTHENTICATED)', async () => {
    // The subgraph's refusal arrives as an error result, then the subscription completes.
    const eve = subscribe(client(people.eve), messageAdded, { c: conversationId });
    await eve.ended;
    expect(eve.results.flatMap((r) => r.errors?.map((e) => e.extensions?.code) ?? [])).toEqual(['FORBIDDEN']);
    const nobody = subscribe(client(), messageAdded, { c: conversationId });
    await nobody.ended;
    expect(nobody.results.flatMap((r) => r.errors?.map((e) => e.extensions?.code) ?? [])).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a connection with a bad token, and closes on malformed frames', async () => {
    let closedWith: number | undefined;
    const forged = client({ accessToken: 'not.a.jwt', user: { id: 'x' } }, (code) => (closedWith = code));
    const attempt = subscribe(forged, messageAdded, { c: conversationId });
    await attempt.ended;
    expect(closedWith).toBe(4403);

    const raw = new WebSocket(system.gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${people.bob!.accessToken}` } }));
    await new Promise((resolve) => raw.once('message', resolve));
    // Completing an id that was never subscribed is harmless; the connection stays usable.
    raw.send(JSON.stringify({ type: 'complete', id: 'never-subscribed' }));
    raw.send(JSON.stringify({ type: 'subscribe', id: 'ok', payload: { query: '{ __typename }' } }));
    const answer = await new Promise<string>((resolve) => raw.once('message', (data) => resolve(String(data))));
    expect(JSON.parse(answer)).toEqual({ type: 'next', id: 'ok', payload: { data: { __typename: 'Query' } } });
    const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
    raw.send('{ this is not json');
    expect(await closed).toBe(4400);
  });

  it('keeps a hostile operation id out of request ids and headers', async () => {
    const { ann, bob } = people as Record<'ann' | 'bob', Person>;
    // A conversation of its own, so its typing indicator cannot reach the typing test.
    const group = await as<{ createGroup: { id: string } }>(ann, `mutation($m: [ID!]!) { createGroup(input: { title: "Ids", memberIds: $m }) { id } }`, {
      m: [bob.user.id],
    });
    const conversationId = group.createGroup.id;
    const raw = new WebSocket(system.gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${bob.accessToken}` } }));
    await new Promise((resolve) => raw.once('message', resolve));
    const id = `x\r\nx-chorus-identity: forged ${'z'.repeat(300)}`;
    const query = `subscription($c: ID!) { typing(conversationId: $c) { user { handle } typing } }`;
    raw.send(JSON.stringify({ type: 'subscribe', id, payload: { query, variables: { c: conversationId } } }));
    const received = new Promise<{ id: string; type: string; payload: unknown }>((resolve) => raw.once('message', (data) => resolve(JSON.parse(String(data)))));
    await settle();
    await as(ann, `mutation($c: ID!) { setTyping(conversationId: $c) }`, { c: conversationId });
    expect(await received).toEqual({ id, type: 'next', payload: { data: { typing: { user: { handle: 'ann' }, typing: true } } } });
    raw.close();
  });

  it('applies the operation limits to operations over the socket', async () => {
    const deep = `subscription { messageAdded(conversationId: "${conversationId}") { ${'conversation { messages { '.repeat(25)} seq ${'} } '.repeat(25)} } }`;
    const refused = subscribe(client(people.bob), deep);
    expect(JSON.stringify((await refused.ended).error)).toContain('QUERY_TOO_DEEP');
  });

  it("runs a persisted subscription by the web manifest's id alone, and refuses unknown or mismatched hashes", async () => {
    const { ann, bob } = people as Record<'ann' | 'bob', Person>;
    const manifest = JSON.parse(readFileSync(webManifestPath, 'utf8')) as { operations: { id: string; name: string; body: string }[] };
    const messageAddedOperation = manifest.operations.find((operation) => operation.name === 'MessageAdded')!;
    const persisted = (sha256Hash: string, query = '') => ({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    const codesOf = async (subscriber: ReturnType<typeof subscribe>) =>
      ((await subscriber.ended).error as { extensions?: { code?: string } }[] | undefined)?.map((e) => e.extensions?.code);
    const bobClient = client(bob);

    // Hostile and stale hashes: refused before anything is planned or opened upstream; the connection stays usable.
    const unknownHash = createHash('sha256').update('subscription { presenceChanged { online } }').digest('hex');
    for (const hash of [unknownHash, 'f'.repeat(64), '../../etc/passwd', 'x'.repeat(10_000), '']) {
      const refused = subscribe(bobClient, persisted(hash), { conversationId });
      expect(await codesOf(refused), hash.slice(0, 20)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    }
    const mismatched = subscribe(bobClient, persisted(messageAddedOperation.id, messageAdded), { c: conversationId });
    expect(await codesOf(mismatched)).toEqual(['PERSISTED_QUERY_HASH_MISMATCH']);
    const badVersion = subscribe(bobClient, { query: '', extensions: { persistedQuery: { version: 2, sha256Hash: messageAddedOperation.id } } }, { conversationId });
    expect(await codesOf(badVersion)).toEqual(['BAD_REQUEST']);
    // Without a hash, an empty query is just an empty document.
    const empty = subscribe(bobClient, { query: '' });
    expect(await codesOf(empty)).toEqual(['GRAPHQL_PARSE_FAILED']);

    const live = subscribe(bobClient, { operationName: 'MessageAdded', ...persisted(messageAddedOperation.id) }, { conversationId });
    // Text with its own hash, as APQ clients send it: the text is used, and must match.
    const withText = subscribe(bobClient, persisted(createHash('sha256').update(messageAdded).digest('hex'), messageAdded), { c: conversationId });
    await settle();
    const sent = await as<{ sendDirectMessage: { seq: number } }>(ann, sendDirect, { to: bob.user.id, body: 'by id' });
    const [event] = await live.waitFor(1);
    expect(event).toEqual({
      data: {
        messageAdded: expect.objectContaining({ __typename: 'Message', seq: sent.sendDirectMessage.seq, body: 'by id', sender: expect.objectContaining({ handle: 'ann' }) }),
      },
    });
    expect((await withText.waitFor(1)).map((result) => result.data)).toEqual([
      { messageAdded: { seq: sent.sendDirectMessage.seq, body: 'by id', sender: { handle: 'ann', displayName: 'Ann A.' } } },
    ]);
    live.stop();
    withText.stop();
  });

  it('lets a subscriber whose connection dropped catch up with sync: exactly what it missed, in order', async () => {
    const { ann, bob } = people as Record<'ann' | 'bob', Person>;
    // Bob is up to date: his sync has reached the newest message of the conversation. Diffusion to
    // his inbox is asynchronous, so the message an earlier test sent last may land after a first page.
    const { conversation } = await as<{ conversation: { lastSeq: number } }>(bob, 'query($c: ID!) { conversation(id: $c) { lastSeq } }', { c: conversationId });
    let token: string | null = null;
    let newest = 0;
    await eventually(async () => {
      const page = (await as<{ sync: { token: string; changes: { conversationId: string; message: { seq: number } | null }[] } }>(bob, syncQuery, { t: token })).sync;
      token = page.token;
      for (const change of page.changes) if (change.conversationId === conversationId) newest = Math.max(newest, change.message?.seq ?? 0);
      expect(newest).toBe(conversation.lastSeq);
    });
    await eventually(async () => {
      const page = (await as<{ sync: { token: string; changes: unknown[] } }>(bob, syncQuery, { t: token })).sync;
      expect(page.changes).toEqual([]);
    });
    const bobClient = client(bob);
    const live = subscribe(bobClient, messageAdded, { c: conversationId });
    await settle();
    await bobClient.dispose(); // the network drops
    await live.ended;
    for (const body of ['while', 'you', 'were away']) await as(ann, sendDirect, { to: bob.user.id, body });
    await eventually(async () => {
      const page = (await as<{ sync: { changes: { kind: string; message: { body: string } }[] } }>(bob, syncQuery, { t: token })).sync;
      expect(page.changes.map((c) => [c.kind, c.message.body])).toEqual([
        ['MESSAGE_ADDED', 'while'],
        ['MESSAGE_ADDED', 'you'],
        ['MESSAGE_ADDED', 'were away'],
      ]);
    });
  });

  it('counts open subscriptions in the gateway metrics', async () => {
    const live = subscribe(client(people.bob), messageAdded, { c: conversationId });
    await settle();
    const metrics = await (await fetch(`${system.baseUrl('gateway')}/metrics`)).text();
    expect(metrics).toMatch(/chorus_gateway_active_subscriptions(\{[^}]*\})? [1-9]/);
    live.stop();
  });

  it('pushes typing indicators to the other members, and their end when they lapse', async () => {
    const { ann, bob } = people as Record<'ann' | 'bob', Person>;
    const typing = subscribe(client(bob), `subscription($c: ID!) { typing(conversationId: $c) { user { handle } typing } }`, { c: conversationId });
    await settle();
    await as(ann, `mutation($c: ID!) { setTyping(conversationId: $c) }`, { c: conversationId });
    const events = await typing.waitFor(2, 10_000);
    expect(events.map((e) => e.data)).toEqual([
      { typing: { user: { handle: 'ann' }, typing: true } },
      { typing: { user: { handle: 'ann' }, typing: false } },
    ]);
    const eve = subscribe(client(people.eve), `subscription($c: ID!) { typing(conversationId: $c) { typing } }`, { c: conversationId });
    await eve.ended;
    expect(eve.results.flatMap((r) => r.errors?.map((e) => e.extensions?.code) ?? [])).toEqual(['FORBIDDEN']);
    typing.stop();
  });

  it("tells friends, and only friends, when someone comes online and goes offline", async () => {
    const { ann, bob, eve } = people as Record<'ann' | 'bob' | 'eve', Person>;
    const follow = `mutation($id: ID!) { follow(userId: $id) { status } }`;
    await as(ann, follow, { id: bob.user.id });
    await as(bob, follow, { id: ann.user.id });
    await as(eve, follow, { id: ann.user.id }); // one-way: not a friend
    const online = `query($id: ID!) { user(id: $id) { online } }`;
    // Chat learns of the friendship from social's events.
    await eventually(async () => {
      expect(await as(bob, online, { id: ann.user.id })).toEqual({ user: { online: false } });
    });
    expect(await as(eve, online, { id: ann.user.id })).toEqual({ user: { online: null } });

    const presence = `subscription { presenceChanged { user { handle } online } }`;
    const bobWatches = subscribe(client(bob), presence);
    const eveWatches = subscribe(client(eve), presence);
    await settle();
    const annClient = client(ann);
    subscribe(annClient, `subscription { inboxUpdated { inboxSeq } }`);
    await bobWatches.waitFor(1);
    expect(await as(bob, online, { id: ann.user.id })).toEqual({ user: { online: true } });
    await annClient.dispose();
    const seen = await bobWatches.waitFor(2);
    expect(seen.map((e) => e.data)).toEqual([
      { presenceChanged: { user: { handle: 'ann' }, online: true } },
      { presenceChanged: { user: { handle: 'ann' }, online: false } },
    ]);
    expect(eveWatches.results).toEqual([]);
  });

  it('cuts off a client that stops reading, with close code 4008, without holding up the others', async () => {
    const { ann, bob } = people as Record<'ann' | 'bob', Person>;
    const big = 'x'.repeat(4000);
    for (let i = 0; i < 60; i++) await as(ann, sendDirect, { to: bob.user.id, body: big });
    const heavy = `subscription($c: ID!) { messageAdded(conversationId: $c) { seq conversation { messages(last: 60) { body } } } }`;
    const raw = new WebSocket(system.gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${bob.accessToken}` } }));
    await new Promise((resolve) => raw.once('message', resolve));
    raw.send(JSON.stringify({ type: 'subscribe', id: 'heavy', payload: { query: heavy, variables: { c: conversationId } } }));
    const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
    const steady = subscribe(client(bob), messageAdded, { c: conversationId });
    await settle();
    // The stalled client reads nothing: each event is ~240 kB, so the socket's buffers (about 4 MB on loopback) fill after
    // some 17 events, and then up to 20 wait in the gateway before it gives up on the client.
    raw.pause();
    const before = (await (await fetch(`${system.baseUrl('gateway')}/metrics`)).text()).match(/chorus_gateway_slow_consumer_disconnects_total\S* (\d+)/)?.[1];
    const burst = (async () => {
      for (let i = 0; i < 80; i++) await as(ann, sendDirect, { to: bob.user.id, body: `burst ${i} ${big}`.slice(0, 4000) });
    })();
    await eventually(async () => {
      const metrics = await (await fetch(`${system.baseUrl('gateway')}/metrics`)).text();
      const after = metrics.match(/chorus_gateway_slow_consumer_disconnects_total\S* (\d+)/)?.[1];
      expect(Number(after)).toBeGreaterThan(Number(before ?? 0));
    }, 60_000);
    // It reads again in time to see why it was cut off.
    raw.resume();
    expect(await closed).toBe(4008);
    await burst;
    const delivered = await steady.waitFor(80, 90_000);
    expect(delivered.map((r) => (r.data as { messageAdded: { body: string } }).messageAdded.body.split(' ').slice(0, 2).join(' '))).toEqual(
      Array.from({ length: 80 }, (_, i) => `burst ${i}`),
    );
    steady.stop();
  });
});
