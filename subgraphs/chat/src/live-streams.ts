import { createEventStream, requireUser, type EventStream } from '@chorus/runtime';
import type { ChatContext } from './context.ts';
import type { InboxChangeRow, MessageRow, PresenceEventModel, TypingEventModel } from './mappers.ts';
import { requireMembership } from './access.ts';
import { friendIds } from './contacts.ts';
import { sharedReads } from './shared-reads.ts';
import type { PresenceNotice } from './presence.ts';
import { topics, type InboxNotice, type MessageNotice } from './topics.ts';

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
      context.services.logger.warn({ err: error }, 'subscription catch-up failed');
      stream.fail(error instanceof Error ? error : new Error(String(error)));
    });
  };
}

/**
 * New messages of one conversation, in sequence order, none twice. A
 * notice only says "seq N exists"; the messages after the last one
 * delivered are read from storage, so a lost or reordered notice leaves no
 * gap. The stream ends when the caller stops being a member.
 */
export async function messagesOf(context: ChatContext, conversationId: string): Promise<AsyncIterableIterator<MessageRow>> {
  const viewerId = requireUser(context);
  await requireMembership(context, conversationId);
  const release: Array<() => void> = [];
  const stream = await openStream<MessageRow>(context, viewerId, release);
  const run = serial(stream as EventStream<unknown>, context);
  let delivered = -1;
  release.push(
    context.services.pubsub.subscribe(topics.messages(conversationId), (notice) => {
      const { seq } = notice as MessageNotice;
      run(async () => {
        if (seq <= delivered) return;
        const reads = sharedReads(context.services);
        const [member, rows] = await Promise.all([reads.isMember(conversationId, viewerId), reads.messages(conversationId, delivered, seq)]);
        if (!member) return stream.end();
        for (const row of rows) stream.push(row);
        delivered = Math.max(delivered, rows.at(-1)?.seq ?? delivered);
      });
    }),
  );
  // Listening first, then reading the position: a message in between is caught either way.
  run(async () => {
    const conversation = await context.db.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { lastSeq: true } });
    delivered = Math.max(delivered, conversation.lastSeq);
  });
  return stream;
}

/** Every new entry of the caller's inbox, in inbox order, none twice; caught up from storage like messagesOf. */
export async function inboxOf(context: ChatContext): Promise<AsyncIterableIterator<InboxChangeRow>> {
  const viewerId = requireUser(context);
  const release: Array<() => void> = [];
  const stream = await openStream<InboxChangeRow>(context, viewerId, release);
  const run = serial(stream as EventStream<unknown>, context);
  let delivered = -1;
  release.push(
    context.services.pubsub.subscribe(topics.inbox(viewerId), (notice) => {
      const { seq } = notice as InboxNotice;
      run(async () => {
        if (seq <= delivered) return;
        const rows = await context.db.inboxEntry.findMany({
          where: { userId: viewerId, seq: { gt: delivered, lte: seq } },
          orderBy: { seq: 'asc' },
        });
        for (const row of rows) stream.push(row);
        delivered = Math.max(delivered, rows.at(-1)?.seq ?? delivered);
      });
    }),
  );
  run(async () => {
    const state = await context.db.chatUserState.findUnique({ where: { userId: viewerId }, select: { inboxSeq: true } });
    delivered = Math.max(delivered, state?.inboxSeq ?? 0);
  });
  return stream;
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
