import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.ts';
import { userIds } from '../../../test/support/ids.ts';
import {
  announceBlock,
  announceUserDeleted,
  errorCodes,
  startSubgraphHarness,
  type SubgraphHarness,
} from '../../../test/support/subgraph-harness.ts';
import { createChatSubgraph } from '../src/service.ts';

const send = /* GraphQL */ `
  mutation($to: ID!, $body: String!, $cid: String) {
    sendDirectMessage(input: { toUserId: $to, body: $body, clientMessageId: $cid }) {
      id seq body sender { id } conversation { id kind lastSeq members { id } }
    }
  }
`;

interface Sent {
  id: string;
  seq: number;
  body: string;
  conversation: { id: string; lastSeq: number; members: { id: string }[] };
}

describe.each(await databaseKinds())('chat subgraph on %s', (kind) => {
  let harness: SubgraphHarness;
  beforeAll(async () => {
    harness = await startSubgraphHarness(kind, createChatSubgraph);
  });
  afterAll(() => harness?.close());

  async function sendAs(from: string, to: string, body: string, cid?: string): Promise<Sent> {
    const result = await harness.run(send, { to, body, cid }, from);
    expect(result.errors).toBeUndefined();
    return (result.data as { sendDirectMessage: Sent }).sendDirectMessage;
  }

  it('creates one direct conversation per pair and numbers messages from 1', async () => {
    const [ann, bob] = userIds(2) as [string, string];
    const first = await sendAs(ann, bob, 'hi bob');
    const reply = await sendAs(bob, ann, 'hi ann');
    expect(first.seq).toBe(1);
    expect(reply.seq).toBe(2);
    expect(reply.conversation.id).toBe(first.conversation.id);
    expect(new Set(first.conversation.members.map((member) => member.id))).toEqual(new Set([ann, bob]));
    expect(await harness.db.conversation.count({ where: { id: first.conversation.id } })).toBe(1);
  });

  it('returns the original message when a send is retried with the same client id', async () => {
    const [ann, bob] = userIds(2) as [string, string];
    const original = await sendAs(ann, bob, 'once', 'client-1');
    const retried = await Promise.all([1, 2, 3].map(() => sendAs(ann, bob, 'once', 'client-1')));
    for (const message of retried) expect(message.id).toBe(original.id);
    expect(await harness.db.message.count({ where: { conversationId: original.conversation.id } })).toBe(1);
  });

  it('hands out gap-free, distinct sequence numbers to concurrent senders', async () => {
    const [ann, bob] = userIds(2) as [string, string];
    await sendAs(ann, bob, 'open');
    const sent = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sendAs(i % 2 ? ann : bob, i % 2 ? bob : ann, `m${i}`)),
    );
    expect(sent.map((message) => message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
  });

  it('shows history and unread counts to members only', async () => {
    const [ann, bob, eve] = userIds(3) as [string, string, string];
    const { conversation } = await sendAs(ann, bob, 'one');
    await sendAs(ann, bob, 'two');
    await sendAs(ann, bob, 'three');
    const history = `query($id: ID!) { conversation(id: $id) { unreadCount messages(last: 2) { seq body } } }`;
    expect((await harness.run(history, { id: conversation.id }, bob)).data).toEqual({
      conversation: { unreadCount: 3, messages: [{ seq: 2, body: 'two' }, { seq: 3, body: 'three' }] },
    });
    expect(errorCodes(await harness.run(history, { id: conversation.id }, eve))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await harness.run(history, { id: conversation.id }))).toEqual(['UNAUTHENTICATED']);
    const asEntity = await harness.run(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Conversation { id } } }`,
      { reps: [{ __typename: 'Conversation', id: conversation.id }] },
      eve,
    );
    expect(errorCodes(asEntity)).toEqual(['FORBIDDEN']);

    const markRead = `mutation($id: ID!, $seq: Int!) { markRead(conversationId: $id, seq: $seq) { unreadCount } }`;
    expect((await harness.run(markRead, { id: conversation.id, seq: 2 }, bob)).data).toEqual({ markRead: { unreadCount: 1 } });
    // The read position never moves backwards.
    expect((await harness.run(markRead, { id: conversation.id, seq: 1 }, bob)).data).toEqual({ markRead: { unreadCount: 1 } });
    expect(errorCodes(await harness.run(markRead, { id: conversation.id, seq: 99 }, bob))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(markRead, { id: conversation.id, seq: 1 }, eve))).toEqual(['FORBIDDEN']);
  });

  it('stores SQL and script text verbatim and returns it unchanged', async () => {
    const [ann, bob] = userIds(2) as [string, string];
    const body = `"; DELETE FROM chat.message; -- <img src=x onerror=alert(1)>`;
    const sent = await sendAs(ann, bob, body, 'x.--');
    const history = await harness.run(`query($id: ID!) { conversation(id: $id) { messages { body } } }`, { id: sent.conversation.id }, bob);
    expect(history.data).toEqual({ conversation: { messages: [{ body }] } });
  });

  it('refuses bad sends without storing anything', async () => {
    const [ann, bob] = userIds(2) as [string, string];
    const before = await harness.db.message.count();
    expect(errorCodes(await harness.run(send, { to: ann, body: 'me' }, ann))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(send, { to: bob, body: '' }, ann))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(send, { to: bob, body: 'x'.repeat(4001) }, ann))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(send, { to: bob, body: 'x', cid: 'a b' }, ann))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(send, { to: bob, body: 'x', cid: 'c'.repeat(65) }, ann))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(send, { to: 'bob', body: 'x' }, ann))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(send, { to: bob, body: 'x' }))).toEqual(['UNAUTHENTICATED']);
    expect(await harness.db.message.count()).toBe(before);
  });

  it("lists the caller's conversations, most recently active first", async () => {
    const [me, a, b] = userIds(3) as [string, string, string];
    await sendAs(me, a, 'to a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await sendAs(b, me, 'from b');
    const list = await harness.run(`{ myConversations { members { id } } }`, {}, me);
    const conversations = (list.data as { myConversations: { members: { id: string }[] }[] }).myConversations;
    expect(conversations.map((c) => c.members.map((m) => m.id).find((id) => id !== me))).toEqual([b, a]);
  });

  it('removes a deleted user from their conversations and keeps the history for the others', async () => {
    const [gone, friend] = userIds(2) as [string, string];
    const { conversation } = await sendAs(gone, friend, 'last words');
    await announceUserDeleted(harness, gone);
    await harness.drainEvents();
    const seen = await harness.run(
      `query($id: ID!) { conversation(id: $id) { members { id } messages { body sender { id } } } }`,
      { id: conversation.id },
      friend,
    );
    expect(seen.data).toEqual({ conversation: { members: [{ id: friend }], messages: [{ body: 'last words', sender: { id: gone } }] } });
    expect(errorCodes(await harness.run(`query($id: ID!) { conversation(id: $id) { id } }`, { id: conversation.id }, gone))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('refuses messages between users who block each other, either way', async () => {
    const [ann, bob] = userIds(2) as [string, string];
    await sendAs(ann, bob, 'before the block');
    await announceBlock(harness, bob, ann);
    expect(errorCodes(await harness.run(send, { to: bob, body: 'hello?' }, ann))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await harness.run(send, { to: ann, body: 'hello?' }, bob))).toEqual(['FORBIDDEN']);
    await announceBlock(harness, bob, ann, false);
    expect((await sendAs(ann, bob, 'after')).seq).toBe(2);
  });
});
