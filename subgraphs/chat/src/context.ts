import type DataLoader from 'dataloader';
import { groupedLoader, rowsById, valuesByKey, type BaseContext, type PrismaClient, type Rows } from '@chorus/runtime';
import { loadHistories, type HistoryKey } from './history.ts';
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
    history: DataLoader<HistoryKey, MessageRow[], string>;
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
      history: groupedLoader(
        base.loaderOptions,
        (key: HistoryKey) => JSON.stringify([key.last, key.before]),
        (keys) => loadHistories(db, keys),
      ),
    },
  };
}
