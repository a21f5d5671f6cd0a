import type DataLoader from 'dataloader';
import { groupedLoader, rowsById, valuesByKey, type BaseContext, type PrismaClient, type Rows } from '@chorus/runtime';
import { loadHistories, type HistoryKey } from './history.ts';
import type { ConversationRow, MessageRow } from './mappers.ts';
import type { ChatServices } from './chat-services.ts';

export interface ChatLoaders {
  conversationById: DataLoader<string, ConversationRow | null>;
  messageById: DataLoader<string, MessageRow | null>;
  /** Member ids of each conversation, in join order. */
  memberIds: DataLoader<string, string[]>;
  /** Memberships of each conversation, in join order. */
  memberships: DataLoader<string, Rows.ConversationMember[]>;
  /** The caller's membership row per conversation id, null when not a member. */
  viewerMembership: DataLoader<string, Rows.ConversationMember | null>;
  history: DataLoader<HistoryKey, MessageRow[], string>;
}

export interface ChatContext extends BaseContext {
  db: PrismaClient;
  services: ChatServices;
  loaders: ChatLoaders;
}

export function createChatLoaders(base: BaseContext, db: PrismaClient): ChatLoaders {
  const viewerId = base.viewerId;
  const memberships = valuesByKey(base.loaderOptions, async (ids: readonly string[]) => {
    const rows = await db.conversationMember.findMany({
      where: { conversationId: { in: [...ids] } },
      orderBy: [{ joinedAt: 'asc' }, { userId: 'asc' }],
    });
    const byConversation = new Map<string, Rows.ConversationMember[]>();
    for (const row of rows) byConversation.set(row.conversationId, [...(byConversation.get(row.conversationId) ?? []), row]);
    return byConversation;
  }, []);
  return {
    conversationById: rowsById(base.loaderOptions, (ids) => db.conversation.findMany({ where: { id: { in: [...ids] } } })),
    messageById: rowsById(base.loaderOptions, (ids) => db.message.findMany({ where: { id: { in: [...ids] } } })),
    memberships,
    memberIds: valuesByKey(base.loaderOptions, async (ids: readonly string[]) => {
      const rows = await memberships.loadMany(ids);
      return new Map(ids.map((id, index) => {
        const members = rows[index];
        return [id, Array.isArray(members) ? members.map((member) => member.userId) : []];
      }));
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
  };
}

export function createChatContext(base: BaseContext, services: ChatServices): ChatContext {
  return { ...base, db: services.db, services, loaders: createChatLoaders(base, services.db) };
}

/**
 * A subscription keeps one context for its whole life; each event starts
 * with empty loaders so it never sees rows cached for an earlier event.
 */
export function refreshLoaders(context: ChatContext): void {
  context.loaders = createChatLoaders(context, context.db);
}
