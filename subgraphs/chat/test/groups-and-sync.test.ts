import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.ts';
import { userIds } from '../../../test/support/ids.ts';
import { publishEvent } from '@chorus/runtime';
import { errorCodes, startSubgraphHarness, type SubgraphHarness } from '../../../test/support/subgraph-harness.ts';
import { createChatServices, createChatSubgraph, drainChatJobs } from '../src/service.ts';
import type { ChatServices } from '../src/chat-services.ts';

const createGroup = /* GraphQL */ `
  mutation($title: String!, $members: [ID!]!) {
    createGroup(input: { title: $title, memberIds: $members }) { id kind title viewerRole memberships { user { id } role } }
  }
`;
const sendTo = /* GraphQL */ `
  mutation($c: ID!, $body: String!, $cid: String) {
    sendMessage(input: { conversationId: $c, body: $body, clientMessageId: $cid }) { id seq body }
  }
`;
const syncQuery = /* GraphQL */ `
  query($token: String, $limit: Int) {
    sync(token: $token, limit: $limit) {
      token hasMore contactsChanged accountChanged
      changes { inboxSeq kind conversationId conversation { id title } message { seq body deleted editedAt } user { id } }
    }
  }
`;

interface Change {
  inboxSeq: number;
  kind: string;
  conversationId: string;
  conversation: { id: string; title: string | null } | null;
  message: { seq: number; body: string; deleted: boolean; editedAt: string | null } | null;
  user: { id: string } | null;
}
interface Sync {
  token: string;
  hasMore: boolean;
  contactsChanged: boolean;
  accountChanged: boolean;
  changes: Change[];
}

describe.each(await databaseKinds())('chat groups, write diffusion and sync on %s', (kind) => {
  let harness: SubgraphHarness;
  let services: ChatServices;
  beforeAll(async () => {
    harness = await startSubgraphHarness(kind, (deps) => {
      services = createChatServices(deps, { sendBurst: 40, sendPerSecond: 0.01 });
      return createChatSubgraph(deps, { services });
    });
  });
  afterAll(() => harness?.close());

  async function ok<T>(query: string, variables: Record<string, unknown>, viewer: string): Promise<T> {
    const result = await harness.run(query, variables, viewer);
    expect(result.errors).toBeUndefined();
    return result.data as T;
  }
  async function group(owner: string, members: string[], title = 'Team'): Promise<string> {
    return (await ok<{ createGroup: { id: string } }>(createGroup, { title, members }, owner)).createGroup.id;
  }
  async function syncAs(viewer: string, token: string | null, limit = 200): Promise<Sync> {
    return (await ok<{ sync: Sync }>(syncQuery, { token, limit }, viewer)).sync;
  }

  it('creates a group with an owner and members, and enforces roles', async () => {
    const [owner, ann, bob, eve] = userIds(4) as [string, string, string, string];
    const created = await ok<{ createGroup: { kind: string; viewerRole: string; memberships: { role: string }[] } }>(
      createGroup,
      { title: 'Climbers', members: [ann, bob] },
      owner,
    );
    expect(created.createGroup.kind).toBe('GROUP');
    expect(created.createGroup.viewerRole).toBe('OWNER');
    const roles = Object.fromEntries(
      (created.createGroup.memberships as unknown as { user: { id: string }; role: string }[]).map((m) => [m.user.id, m.role]),
    );
    expect(roles).toEqual({ [owner]: 'OWNER', [ann]: 'MEMBER', [bob]: 'MEMBER' });
    const id = (created.createGroup as unknown as { id: string }).id;

    const add = `mutation($c: ID!, $u: [ID!]!) { addGroupMembers(conversationId: $c, userIds: $u) { members { id } } }`;
    expect(errorCodes(await harness.run(add, { c: id, u: [eve] }, ann))).toEqual(['FORBIDDEN']);
    const promote = `mutation($c: ID!, $u: ID!) { setMemberRole(conversationId: $c, userId: $u, role: ADMIN) { id } }`;
    expect(errorCodes(await harness.run(promote, { c: id, u: bob }, ann))).toEqual(['FORBIDDEN']);
    await ok(promote, { c: id, u: ann }, owner);
    await ok(add, { c: id, u: [eve] }, ann);
    const remove = `mutation($c: ID!, $u: ID!) { removeGroupMember(conversationId: $c, userId: $u) { members { id } } }`;
    // An admin may not remove the owner.
    expect(errorCodes(await harness.run(remove, { c: id, u: owner }, ann))).toEqual(['FORBIDDEN']);
    await ok(remove, { c: id, u: eve }, ann);
    expect(errorCodes(await harness.run(sendTo, { c: id, body: 'let me in' }, eve))).toEqual(['FORBIDDEN']);
    const rename = `mutation($c: ID!, $t: String!) { renameGroup(conversationId: $c, title: $t) { title } }`;
    expect(errorCodes(await harness.run(rename, { c: id, t: 'x' }, bob))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await harness.run(rename, { c: id, t: '' }, owner))).toEqual(['BAD_USER_INPUT']);
    expect(await ok(rename, { c: id, t: 'Boulderers' }, owner)).toEqual({ renameGroup: { title: 'Boulderers' } });

    // The owner leaves: the admin inherits the group.
    await ok(`mutation($c: ID!) { leaveGroup(conversationId: $c) }`, { c: id }, owner);
    const after = await ok<{ conversation: { viewerRole: string; members: { id: string }[] } }>(
      `query($c: ID!) { conversation(id: $c) { viewerRole members { id } } }`,
      { c: id },
      ann,
    );
    expect(after.conversation.viewerRole).toBe('OWNER');
    expect(new Set(after.conversation.members.map((m) => m.id))).toEqual(new Set([ann, bob]));
  });

  it('refuses the 501st member, in one go or one by one, and stores nothing of the refused add', async () => {
    const [owner, ...others] = userIds(501) as [string, ...string[]];
    expect(errorCodes(await harness.run(createGroup, { title: 'Too many', members: others }, owner))).toEqual(['GROUP_FULL']);
    const id = await group(owner, others.slice(0, 498));
    const add = `mutation($c: ID!, $u: [ID!]!) { addGroupMembers(conversationId: $c, userIds: $u) { id } }`;
    await ok(add, { c: id, u: [others[498]!] }, owner);
    expect(await harness.db.conversationMember.count({ where: { conversationId: id } })).toBe(500);
    expect(errorCodes(await harness.run(add, { c: id, u: [others[499]!] }, owner))).toEqual(['GROUP_FULL']);
    expect(await harness.db.conversationMember.count({ where: { conversationId: id } })).toBe(500);
  });

  it('copies every change into each member’s inbox and syncs exactly what was missed, in order, none twice', async () => {
    const [ann, bob, cid] = userIds(3) as [string, string, string];
    const id = await group(ann, [bob, cid]);
    await drainChatJobs(services);
    const start = await syncAs(bob, null);
    expect(start.changes.map((c) => c.kind)).toEqual(['MEMBER_JOINED']);
    expect(start.changes[0]!.conversation).toEqual({ id, title: 'Team' });

    // Bob is "offline": three messages, an edit and a deletion arrive.
    const sent = [];
    for (const body of ['one', 'two', 'three']) sent.push((await ok<{ sendMessage: { id: string } }>(sendTo, { c: id, body }, ann)).sendMessage);
    await ok(`mutation($m: ID!) { editMessage(messageId: $m, body: "two!") { editedAt } }`, { m: sent[1]!.id }, ann);
    await ok(`mutation($m: ID!) { deleteMessage(messageId: $m) { deleted body } }`, { m: sent[2]!.id }, ann);
    // Nothing reaches an inbox before diffusion runs: it is asynchronous.
    expect((await syncAs(bob, start.token)).changes).toEqual([]);
    await drainChatJobs(services);

    const missed = await syncAs(bob, start.token, 2);
    expect(missed.hasMore).toBe(true);
    const rest = await syncAs(bob, missed.token);
    expect(rest.hasMore).toBe(false);
    const all = [...missed.changes, ...rest.changes];
    expect(all.map((c) => [c.kind, c.message?.seq])).toEqual([
      ['MESSAGE_ADDED', 1],
      ['MESSAGE_ADDED', 2],
      ['MESSAGE_ADDED', 3],
      ['MESSAGE_EDITED', 2],
      ['MESSAGE_DELETED', 3],
    ]);
    expect(all.map((c) => c.inboxSeq)).toEqual([2, 3, 4, 5, 6]);
    // Messages are stored once; inbox entries show their current state.
    expect(all[1]!.message).toMatchObject({ body: 'two!', deleted: false });
    expect(all[2]!.message).toMatchObject({ body: '', deleted: true });
    expect(await harness.db.message.count({ where: { conversationId: id } })).toBe(3);
    // Re-running diffusion adds nothing: the cursor is part of the same transaction.
    await drainChatJobs(services);
    expect((await syncAs(bob, rest.token)).changes).toEqual([]);
    // Using an old token again (the answer was lost) returns the same changes again.
    expect((await syncAs(bob, missed.token)).changes.map((c) => c.inboxSeq)).toEqual([4, 5, 6]);

    // Someone removed learns that they left, and nothing after.
    await ok(`mutation($c: ID!, $u: ID!) { removeGroupMember(conversationId: $c, userId: $u) { id } }`, { c: id, u: cid }, ann);
    await ok(sendTo, { c: id, body: 'after cid left' }, ann);
    await drainChatJobs(services);
    const cidSync = await syncAs(cid, null);
    expect(cidSync.changes.at(-1)).toMatchObject({ kind: 'MEMBER_LEFT', conversation: null, user: { id: cid } });
    expect(cidSync.changes.filter((c) => c.kind === 'MESSAGE_ADDED')).toHaveLength(3);
  });

  it('counts unread per conversation and in total by offset', async () => {
    const [ann, bob] = userIds(2) as [string, string];
    const first = await group(ann, [bob], 'One');
    const second = await group(ann, [bob], 'Two');
    for (const c of [first, first, second]) await ok(sendTo, { c, body: 'hi' }, ann);
    expect(await ok(`{ unreadTotal }`, {}, bob)).toEqual({ unreadTotal: 3 });
    expect(await ok(`{ unreadTotal }`, {}, ann)).toEqual({ unreadTotal: 0 });
    await ok(`mutation($c: ID!) { markRead(conversationId: $c, seq: 1) { unreadCount } }`, { c: first }, bob);
    expect(await ok(`{ unreadTotal }`, {}, bob)).toEqual({ unreadTotal: 2 });
  });

  it('refuses forged, altered and borrowed sync tokens', async () => {
    const [ann, bob] = userIds(2) as [string, string];
    const id = await group(ann, [bob]);
    await drainChatJobs(services);
    const { token } = await syncAs(bob, null);
    const [tag, body, signature] = token.split('.') as [string, string, string];
    const rewound = Buffer.from(JSON.stringify([0, 0, 0])).toString('base64url');
    for (const bad of [
      `${tag}.${rewound}.${signature}`,
      `${tag}.${body}.${signature.slice(0, -2)}AA`,
      'not-a-token',
      `${token}.extra`,
      'x'.repeat(10_000),
    ]) {
      expect(errorCodes(await harness.run(syncQuery, { token: bad }, bob)), bad.slice(0, 40)).toEqual(['INVALID_SYNC_TOKEN']);
    }
    // Ann cannot use Bob's token.
    expect(errorCodes(await harness.run(syncQuery, { token }, ann))).toEqual(['INVALID_SYNC_TOKEN']);
    expect(errorCodes(await harness.run(syncQuery, { token: null }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await harness.run(syncQuery, { token: null, limit: 100_000 }, bob))).toEqual(['BAD_USER_INPUT']);
    void id;
  });

  it('lets only the sender edit, the sender or a moderator delete, and refuses oversized edits', async () => {
    const [ann, bob] = userIds(2) as [string, string];
    const id = await group(ann, [bob]);
    const { sendMessage: mine } = await ok<{ sendMessage: { id: string } }>(sendTo, { c: id, body: 'by bob' }, bob);
    const edit = `mutation($m: ID!, $b: String!) { editMessage(messageId: $m, body: $b) { body } }`;
    expect(errorCodes(await harness.run(edit, { m: mine.id, b: 'by ann' }, ann))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await harness.run(edit, { m: mine.id, b: 'x'.repeat(4001) }, bob))).toEqual(['BAD_USER_INPUT']);
    expect(await ok(edit, { m: mine.id, b: 'by bob, edited' }, bob)).toEqual({ editMessage: { body: 'by bob, edited' } });
    // The owner moderates.
    await ok(`mutation($m: ID!) { deleteMessage(messageId: $m) { id } }`, { m: mine.id }, ann);
    expect(errorCodes(await harness.run(edit, { m: mine.id, b: 'again' }, bob))).toEqual(['FORBIDDEN']);
  });

  it('rate-limits a flood from one sender without storing the refused messages', async () => {
    const [ann, bob] = userIds(2) as [string, string];
    const id = await group(ann, [bob]);
    const results = [];
    for (let i = 0; i < 45; i++) results.push(await harness.run(sendTo, { c: id, body: `spam ${i}` }, ann));
    const refused = results.filter((r) => errorCodes(r).includes('RATE_LIMITED'));
    expect(refused.length).toBeGreaterThanOrEqual(5);
    expect(await harness.db.message.count({ where: { conversationId: id } })).toBe(45 - refused.length);
    // Bob's own bucket is untouched.
    expect((await harness.run(sendTo, { c: id, body: 'hello' }, bob)).errors).toBeUndefined();
  });

  it('reports contacts and account changes by version, once each', async () => {
    const [ann, bob] = userIds(2) as [string, string];
    const start = await syncAs(ann, null);
    expect([start.contactsChanged, start.accountChanged]).toEqual([false, false]);
    // Ann and Bob become friends (social's events), and Ann edits her profile on another device.
    await harness.db.$transaction(async (tx) => {
      await publishEvent(tx, 'follow.created', { followerId: ann, followeeId: bob });
      await publishEvent(tx, 'follow.created', { followerId: bob, followeeId: ann });
      await publishEvent(tx, 'user.profile_changed', { userId: ann });
    });
    await harness.drainEvents();
    const after = await syncAs(ann, start.token);
    expect([after.contactsChanged, after.accountChanged]).toEqual([true, true]);
    const again = await syncAs(ann, after.token);
    expect([again.contactsChanged, again.accountChanged]).toEqual([false, false]);
    // A one-way follow is not a friendship: Bob's contacts do not move for an unrelated follow.
    const bobBefore = await syncAs(bob, null);
    await harness.db.$transaction((tx) => publishEvent(tx, 'follow.created', { followerId: userIds(1)[0]!, followeeId: bob }));
    await harness.drainEvents();
    expect((await syncAs(bob, bobBefore.token)).contactsChanged).toBe(false);
  });
});
