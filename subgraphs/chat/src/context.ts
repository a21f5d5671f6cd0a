import type DataLoader from 'dataloader';
import { rowsById, valuesByKey, type BaseContext, type PrismaClient, type Rows } from '@chorus/runtime';
import type { ConversationRow, MessageRow } from './mappers.ts';

export interface ChatContext extends BaseContext {
  db: PrismaClient;
  loaders: {
    conversationById: DataLoader<string, ConversationRow | null>;
    messageById: DataLoader<string, MessageRow | null>;
    /** Member ids of each conversation, in join order. */
    memberIds: DataLoader<string, string[]>;
    /** The caller's membership row per conversation id, null when not a member. */
    viewerMembership: DataLoader<string, Rows.ConversationMember | null>;
  };
}

export function createChatContext(base: BaseContext, db: PrismaClient): ChatContext {
  const viewerId = base.viewerId;
  return {
    ...base,
    db,
    loaders: {
      conversationById: rowsById(base.loaderOptions, (ids) => db.conversation.findMany({ where: { id: { in: [...ids] } } })),
      messageById: rowsById(base.loaderOptions, (ids) => db.message.findMany({ where: { id: { in: [...ids] } } })),
      memberIds: valuesByKey(base.loaderOptions, async (ids) => {
        const rows = await db.conversationMember.findMany({
          where: { conversationId: { in: [...ids] } },
          orderBy: [{ joinedAt: 'asc' }, { userId: 'asc' }],
        });
        const members = new Map<string, string[]>();
        for (const row of rows) members.set(row.conversationId, [...(members.get(row.conversationId) ?? []), row.userId]);
        return members;
      }, []),
      viewerMembership: valuesByKey<Rows.ConversationMember | null>(base.loaderOptions, async (ids) => {
        if (viewerId === null) return new Map();
        const rows = await db.conversationMember.findMany({ where: { userId: viewerId, conversationId: { in: [...ids] } } });
        return new Map(rows.map((row) => [row.conversationId, row]));
      }, null),
    },
  };
}
