import type { Logger } from '../logger.ts';
import { startPollLoop } from '../poll-loop.ts';
import type { Prisma, PrismaClient, Transaction } from '../db/prisma.ts';

/** Every event one subgraph tells the others about. */
export interface EventPayloads {
  /** A new account exists (public until it says otherwise). */
  'user.created': { userId: string; isPrivate: boolean };
  /** An account became private (follows need approval) or public. */
  'user.privacy_changed': { userId: string; isPrivate: boolean };
  /** A user changed their own profile (name, bio, avatar or privacy): their devices resync it. */
  'user.profile_changed': { userId: string };
  /** A user deleted their account: drop or hide everything of theirs. */
  'user.deleted': { userId: string };
  /** One user blocked another: each must stop seeing the other. */
  'user.blocked': { blockerId: string; blockedId: string };
  'user.unblocked': { blockerId: string; blockedId: string };
  /** Timelines fan out along follows, so they keep their own copy of them. */
  'follow.created': { followerId: string; followeeId: string };
  'follow.removed': { followerId: string; followeeId: string };
  'user.muted': { muterId: string; mutedId: string };
  'user.unmuted': { muterId: string; mutedId: string };
}
export type EventType = keyof EventPayloads;

/** Handles one event inside the consumer's transaction; may return work to run once it has committed. */
export type EventHandler<T extends EventType> = (
  payload: EventPayloads[T],
  tx: Transaction,
) => Promise<void | (() => Promise<void>)>;
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

/**
 * Appends an event in the caller's transaction, so it exists exactly when the
 * change it announces does. It carries the transaction's id (see below).
 */
export async function publishEvent<T extends EventType>(tx: Transaction, type: T, payload: EventPayloads[T]): Promise<void> {
  await tx.event.create({ data: { type, payload: payload as unknown as Prisma.InputJsonValue } });
}

interface EventRow {
  id: bigint;
  txid: bigint;
  type: string;
  payload: unknown;
}

/**
 * Processes the events this consumer has not seen yet, in order, and moves
 * its cursor — all in one transaction, so a crash re-delivers and handlers
 * must be idempotent. The row lock on the cursor makes several instances of
 * one subgraph share the work instead of doing it twice.
 *
 * Event ids are handed out at insert but become visible at commit, so a
 * reader going by id alone could pass an event that commits late. Reading in
 * (txid, id) order, and only events of transactions older than the oldest
 * one still running (the snapshot's xmin), rules that out without making
 * publishers take turns.
 */
export async function consumeEvents(
  prisma: PrismaClient,
  consumer: string,
  handlers: EventHandlers,
  batchSize = 100,
): Promise<number> {
  const afterCommit: (() => Promise<void>)[] = [];
  const processed = await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`INSERT INTO platform.event_cursor (consumer, txid, position) VALUES (${consumer}, 0, 0) ON CONFLICT DO NOTHING`;
      const [cursor] = await tx.$queryRaw<{ txid: bigint; position: bigint }[]>`
        SELECT txid, position FROM platform.event_cursor WHERE consumer = ${consumer} FOR UPDATE`;
      const events = await tx.$queryRaw<EventRow[]>`
        SELECT id, txid, type, payload FROM platform.event
        WHERE (txid, id) > (${cursor?.txid ?? 0n}, ${cursor?.position ?? 0n})
          AND txid < (pg_snapshot_xmin(pg_current_snapshot()))::text::bigint
        ORDER BY txid, id
        LIMIT ${batchSize}`;
      for (const event of events) {
        const handler = handlers[event.type as EventType] as EventHandler<EventType> | undefined;
        const after = await handler?.(event.payload as EventPayloads[EventType], tx);
        if (after) afterCommit.push(after);
      }
      const last = events.at(-1);
      if (last) await tx.eventCursor.update({ where: { consumer }, data: { txid: last.txid, position: last.id } });
      return events.length;
    },
    { timeout: 60_000 },
  );
  for (const work of afterCommit) await work();
  return processed;
}

export interface EventConsumer {
  stop(): Promise<void>;
}

/** Polls the event log until stopped; a failing batch is logged and retried on the next poll. */
export function startEventConsumer(options: {
  prisma: PrismaClient;
  consumer: string;
  handlers: EventHandlers;
  pollMs: number;
  logger: Logger;
}): EventConsumer {
  return startPollLoop(async () => {
    try {
      // A full batch means there may be more: go on at once.
      const handled = await consumeEvents(options.prisma, options.consumer, options.handlers);
      return handled > 0 ? 0 : options.pollMs;
    } catch (error) {
      options.logger.error({ err: error, consumer: options.consumer }, 'event consumption failed; will retry');
      return options.pollMs;
    }
  });
}
