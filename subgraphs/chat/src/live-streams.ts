import { createEventStream, requireUser, type EventStream } from '@chorus/runtime';
import type { ChatContext } from './context.ts';
import type { InboxChangeRow, MessageRow, PresenceEventModel, TypingEventModel } from './mappers.ts';
import { requireMembership } from './access.ts';
import { friendIds } from './contacts.ts';
import { sharedReads } from './shared-reads.ts';
import type { PresenceNotice } from './presence.ts';
import { topics } from './topics.ts';

/**
 * A stream for one subscription: it counts as a live connection of the
 * caller (presence) and releases its topic listeners when it ends, however
 * it ends.
 */
async function openStream<T>(context: ChatContext, viewerId: string, release: Array<() => void>): Promise<EventStream<T>> {
  const { presence, settings, logger } = context.services;
  const disconnect = await presence.connect(viewerId);
  return createEventStream<T>({
    limit: settings.subscriptionBuffer,
    // An error thrown out of a subscription makes graphql-ws close the whole connection, which
    // carries every subscription of a gateway; an overflowing one just completes (the client syncs).
    endOnOverflow: true,
    onOverflow: () => logger.warn({ viewerId, limit: settings.subscriptionBuffer }, 'subscription fell behind; completed it'),
    onClose: () => {
      for (const unsubscribe of release) unsubscribe();
      disconnect().catch((error: unknown) => logger.warn({ err: error }, 'could not record going offline'));
    },
  });
}

/**
 * Runs catch-up reads one at a time, in the order notices arrived, so what
 * the stream emits stays in order even when notices overtake each other.
 */
function serial(stream: EventStream<unknown>, context: ChatContext) {
  let chain = Promise.resolve();
  return (work: () => Promise<void>) => {
    chain = chain.then(work).catch((error: unknown) => {
      // Completed, not failed: a thrown error would close the gateway's shared connection.
      context.services.logger.warn({ err: error }, 'subscription catch-up failed; completed it');
      stream.end();
    });
  };
}

/**
 * A stream of numbered rows (messages by seq, inbox entries by inbox seq),
 * in order, none twice. A notice only says "row N exists"; the rows after
 * the last one delivered are read from storage, so a lost or reordered
 * notice leaves no gap. Listening starts before the starting position is
 * read, so a row committed in between is caught either way. `read` returns
 * null when the stream should end.
 */
async function sequenced<Row>(
  context: ChatContext,
  viewerId: string,
  options: {
    topic: string;
    start(): Promise<number>;
    read(after: number, upTo: number): Promise<Row[] | null>;
    seqOf(row: Row): number;
  },
): Promise<AsyncIterableIterator<Row>> {
  const release: Array<() => void> = [];
  const stream = await openStream<Row>(context, viewerId, release);
  const run = serial(stream as EventStream<unknown>, context);
  let delivered = -1;
  release.push(
    context.services.pubsub.subscribe(options.topic, (notice) => {
      const { seq } = notice as { seq: number };
      run(async () => {
        if (seq <= delivered) return;
        const rows = await options.read(delivered, seq);
        if (rows === null) return stream.end();
        for (const row of rows) stream.push(row);
        const last = rows.at(-1);
        if (last !== undefined) delivered = Math.max(delivered, options.seqOf(last));
      });
    }),
  );
  run(async () => {
    delivered = Math.max(delivered, await options.start());
  });
  return stream;
}

/** New messages of one conversation; the stream ends when the caller stops being a member. */
export async function messagesOf(context: ChatContext, conversationId: string): Promise<AsyncIterableIterator<MessageRow>> {
  const viewerId = requireUser(context);
  await requireMembership(context, conversationId);
  const { db } = context;
  return sequenced(context, viewerId, {
    topic: topics.messages(conversationId),
    start: async () => (await db.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { lastSeq: true } })).lastSeq,
    async read(after, upTo) {
      // Every subscriber of the conversation wakes on the same notice: the reads are shared.
      const reads = sharedReads(context.services);
      const [member, rows] = await Promise.all([reads.isMember(conversationId, viewerId), reads.messages(conversationId, after, upTo)]);
      return member ? rows : null;
    },
    seqOf: (row) => row.seq,
  });
}

/** Every new entry of the caller's inbox, in inbox order. */
export async function inboxOf(context: ChatContext): Promise<AsyncIterableIterator<InboxChangeRow>> {
  const viewerId = requireUser(context);
  const { db } = context;
  return sequenced(context, viewerId, {
    topic: topics.inbox(viewerId),
    start: async () => (await db.chatUserState.findUnique({ where: { userId: viewerId }, select: { inboxSeq: true } }))?.inboxSeq ?? 0,
    read: (after, upTo) => db.inboxEntry.findMany({ where: { userId: viewerId, seq: { gt: after, lte: upTo } }, orderBy: { seq: 'asc' } }),
    seqOf: (row) => row.seq,
  });
}

/** Others typing in one conversation (the caller's own indicator is not echoed). */
export async function typingIn(context: ChatContext, conversationId: string): Promise<AsyncIterableIterator<TypingEventModel>> {
  const viewerId = requireUser(context);
  await requireMembership(context, conversationId);
  const release: Array<() => void> = [];
  const stream = await openStream<TypingEventModel>(context, viewerId, release);
  release.push(
    context.services.pubsub.subscribe(topics.typing(conversationId), (event) => {
      const typing = event as TypingEventModel;
      if (typing.userId !== viewerId) stream.push(typing);
    }),
  );
  return stream;
}

/**
 * Friends going online and offline. The friend list is read once and kept
 * while the caller's contacts version stands still: a contacts notice (a
 * friendship began or ended) reloads it and moves the topic listeners.
 */
export async function presenceOfFriends(context: ChatContext): Promise<AsyncIterableIterator<PresenceEventModel>> {
  const viewerId = requireUser(context);
  const listeners = new Map<string, () => void>();
  const release: Array<() => void> = [() => listeners.forEach((unsubscribe) => unsubscribe())];
  const stream = await openStream<PresenceEventModel>(context, viewerId, release);
  const run = serial(stream as EventStream<unknown>, context);
  const onPresence = (notice: unknown) => {
    const { userId, online } = notice as PresenceNotice;
    if (listeners.has(userId)) stream.push({ userId, online });
  };
  const reload = () =>
    run(async () => {
      const friends = new Set(await friendIds(context.db, viewerId));
      for (const [id, unsubscribe] of listeners) {
        if (!friends.has(id)) {
          unsubscribe();
          listeners.delete(id);
        }
      }
      for (const id of friends) {
        if (!listeners.has(id)) listeners.set(id, context.services.pubsub.subscribe(topics.presence(id), onPresence));
      }
    });
  release.push(context.services.pubsub.subscribe(topics.contacts(viewerId), reload));
  reload();
  return stream;
}
