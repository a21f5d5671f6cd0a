import { Prisma, type PrismaClient } from '../db/prisma.ts';
import type { EventHandlers } from './event-log.ts';

/** Subgraphs that keep their own copy of who blocks whom (each in its own schema). */
export type BlockProjectionSchema = 'users' | 'timeline' | 'chat';

function table(schema: BlockProjectionSchema): Prisma.Sql {
  // The schema name is one of three constants, never user input.
  return Prisma.raw(`"${schema}"."block"`);
}

/**
 * Event handlers that keep `<schema>.block` in step with social's blocks, so
 * a subgraph can hide a blocked pair from each other with a local lookup.
 */
export function blockProjectionHandlers(schema: BlockProjectionSchema): EventHandlers {
  return {
    'user.blocked': async ({ blockerId, blockedId }, tx) => {
      await tx.$executeRaw`INSERT INTO ${table(schema)} (blocker_id, blocked_id)
        VALUES (${blockerId}::uuid, ${blockedId}::uuid) ON CONFLICT DO NOTHING`;
    },
    'user.unblocked': async ({ blockerId, blockedId }, tx) => {
      await tx.$executeRaw`DELETE FROM ${table(schema)} WHERE blocker_id = ${blockerId}::uuid AND blocked_id = ${blockedId}::uuid`;
    },
    'user.deleted': async ({ userId }, tx) => {
      await tx.$executeRaw`DELETE FROM ${table(schema)} WHERE blocker_id = ${userId}::uuid OR blocked_id = ${userId}::uuid`;
    },
  };
}

/** Everyone who blocks `userId` or whom `userId` blocks. */
export async function blockedEitherWay(db: PrismaClient, schema: BlockProjectionSchema, userId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ other: string }[]>`
    SELECT blocked_id::text AS other FROM ${table(schema)} WHERE blocker_id = ${userId}::uuid
    UNION SELECT blocker_id::text FROM ${table(schema)} WHERE blocked_id = ${userId}::uuid`;
  return rows.map((row) => row.other);
}

/** Whether either of the two blocks the other: one indexed lookup, for checks on a single pair. */
export async function isBlockedEitherWay(db: PrismaClient, schema: BlockProjectionSchema, a: string, b: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ blocked: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM ${table(schema)}
      WHERE (blocker_id = ${a}::uuid AND blocked_id = ${b}::uuid) OR (blocker_id = ${b}::uuid AND blocked_id = ${a}::uuid)
    ) AS blocked`;
  return rows[0]?.blocked ?? false;
}

/**
 * Combines several subgraph-local handler sets: for an event both handle,
 * both run, in order, in the same transaction.
 */
export function combineHandlers(...sets: EventHandlers[]): EventHandlers {
  const combined: Record<string, (payload: never, tx: never) => Promise<void | (() => Promise<void>)>> = {};
  for (const set of sets) {
    for (const [type, handler] of Object.entries(set) as [string, (p: never, t: never) => Promise<void | (() => Promise<void>)>][]) {
      const previous = combined[type];
      combined[type] = previous
        ? async (payload, tx) => {
            const first = await previous(payload, tx);
            const second = await handler(payload, tx);
            if (!first) return second;
            if (!second) return first;
            return async () => {
              await first();
              await second();
            };
          }
        : handler;
    }
  }
  return combined as EventHandlers;
}

/**
 * The viewer's block set (both directions), fetched at most once per request
 * and only if something asks; empty for anonymous callers.
 */
export function lazyBlockSet(db: PrismaClient, schema: BlockProjectionSchema, viewerId: string | null): () => Promise<Set<string>> {
  let pending: Promise<Set<string>> | undefined;
  return () => {
    if (viewerId === null) return Promise.resolve(new Set());
    pending ??= blockedEitherWay(db, schema, viewerId).then((ids) => new Set(ids));
    return pending;
  };
}
