import { badUserInput, type PrismaClient } from '@chorus/runtime';
import type { MessageRow } from './mappers.ts';

export const maxMessagesPage = 200;

export interface HistoryKey {
  conversationId: string;
  last: number;
  before: number | null;
}

export function requireHistoryArgs(last: number | null | undefined, before: number | null | undefined) {
  const take = last ?? 50;
  if (!Number.isInteger(take) || take < 0 || take > maxMessagesPage) {
    throw badUserInput(`last must be between 0 and ${maxMessagesPage}.`, 'last');
  }
  if (before != null && (!Number.isInteger(before) || before < 1)) throw badUserInput('before must be positive.', 'before');
  return { last: take, before: before ?? null };
}

/**
 * The newest `last` messages (below `before`) of many conversations in two
 * round trips: a LATERAL query picks ids from each conversation's
 * (conversation, seq) index, then the rows are loaded. Oldest first.
 */
export async function loadHistories(db: PrismaClient, keys: HistoryKey[]): Promise<MessageRow[][]> {
  const { last, before } = keys[0]!;
  const picked = await db.$queryRaw<{ id: string }[]>`
    SELECT m.id::text AS id
    FROM unnest(${keys.map((key) => key.conversationId)}::uuid[]) AS o(conversation)
    CROSS JOIN LATERAL (
      SELECT id FROM chat.message
      WHERE conversation_id = o.conversation AND (${before}::int IS NULL OR seq < ${before}::int)
      ORDER BY seq DESC
      LIMIT ${last}
    ) AS m`;
  const rows = await db.message.findMany({ where: { id: { in: picked.map((row) => row.id) } }, orderBy: { seq: 'asc' } });
  return keys.map((key) => rows.filter((row) => row.conversationId === key.conversationId));
}
