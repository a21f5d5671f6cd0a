import type { PrismaClient, PubSub } from '@chorus/runtime';
import { topics, type InboxNotice } from './topics.ts';

/** Changes copied per transaction, so a huge backlog doesn't make one huge transaction. */
const batchSize = 200;

/**
 * Write diffusion: copies a conversation's changes that are not yet in its
 * members' inboxes into them, in change order, and advances the
 * conversation's cursor in the same transaction. The cursor row is locked,
 * so two workers on one conversation take turns, and a retried job finds
 * nothing left to do. Each recipient gets the next number of their inbox.
 * Returns how many changes were copied.
 */
export async function diffuse(db: PrismaClient, pubsub: PubSub, conversationId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const { copied, notices } = await db.$transaction(async (tx) => {
      const [cursor] = await tx.$queryRaw<{ diffused: number; last: number }[]>`
        SELECT diffused_change AS diffused, last_change AS last FROM chat.conversation WHERE id = ${conversationId}::uuid FOR UPDATE`;
      if (cursor === undefined || cursor.diffused >= cursor.last) return { copied: 0, notices: new Map<string, number>() };
      const changes = await tx.conversationChange.findMany({
        where: { conversationId, change: { gt: cursor.diffused } },
        orderBy: { change: 'asc' },
        take: batchSize,
      });
      const members = (await tx.conversationMember.findMany({ where: { conversationId }, select: { userId: true } })).map((m) => m.userId);
      const everyone = [...new Set([...members, ...changes.flatMap((c) => (c.userId ? [c.userId] : []))])].sort();
      await tx.$executeRaw`
        INSERT INTO chat.user_state (user_id) SELECT unnest(${everyone}::uuid[]) ON CONFLICT DO NOTHING`;
      // One lock order for every worker: concurrent diffusions into shared inboxes cannot deadlock.
      await tx.$queryRaw`SELECT 1 FROM chat.user_state WHERE user_id = ANY(${everyone}::uuid[]) ORDER BY user_id FOR UPDATE`;
      const notices = new Map<string, number>();
      for (const change of changes) {
        // Members now, plus whoever joined or left in this change (a leaver learns they left).
        const recipients = change.userId && !members.includes(change.userId) ? [...members, change.userId] : members;
        const rows = await tx.$queryRaw<{ user_id: string; seq: number }[]>`
          WITH bumped AS (
            UPDATE chat.user_state SET inbox_seq = inbox_seq + 1
            WHERE user_id = ANY(${recipients}::uuid[])
            RETURNING user_id, inbox_seq)
          INSERT INTO chat.inbox (user_id, seq, conversation_id, change, kind, message_id, member_id)
          SELECT user_id, inbox_seq, ${conversationId}::uuid, ${change.change}, ${change.kind}::chat.change_kind,
                 ${change.messageId}::uuid, ${change.userId}::uuid
          FROM bumped
          RETURNING user_id::text, seq`;
        for (const row of rows) notices.set(row.user_id, row.seq);
      }
      await tx.conversation.update({ where: { id: conversationId }, data: { diffusedChange: changes.at(-1)!.change } });
      return { copied: changes.length, notices };
      // A batch may copy 200 changes into 500 inboxes each: longer than the usual transaction.
    }, { maxWait: 10_000, timeout: 30_000 });
    // After the commit: a subscriber told of a seq can read it.
    await Promise.all(
      [...notices].map(([userId, seq]) => pubsub.publish(topics.inbox(userId), { seq } satisfies InboxNotice)),
    );
    total += copied;
    if (copied < batchSize) return total;
  }
}

/** Conversations whose changes are not all diffused: what workers resume after a crash. */
export async function undiffused(db: PrismaClient, limit = 1000): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM chat.conversation WHERE diffused_change < last_change LIMIT ${limit}`;
  return rows.map((row) => row.id);
}
