import { isUuid, requirePageSize, requireUser } from '@chorus/runtime';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { requireMembership } from '../access.ts';
import { sync } from '../sync.ts';

export const maxConversationsPage = 100;

export const Query: QueryResolvers = {
  async conversation(_parent, { id }, context) {
    requireUser(context);
    if (!isUuid(id)) return null;
    await requireMembership(context, id.toLowerCase());
    return context.loaders.conversationById.load(id.toLowerCase());
  },
  myConversations(_parent, { first }, context) {
    const viewerId = requireUser(context);
    const take = requirePageSize(first, 20, { max: maxConversationsPage });
    return context.db.conversation.findMany({
      where: { members: { some: { userId: viewerId } } },
      orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
      take,
    });
  },
  async unreadTotal(_parent, _args, context) {
    const viewerId = requireUser(context);
    // Unread by offset: newest sequence minus read position, summed, without counting rows.
    const [row] = await context.db.$queryRaw<{ total: number }[]>`
      SELECT COALESCE(SUM(GREATEST(c.last_seq - m.read_seq, 0)), 0)::int AS total
      FROM chat.conversation_member m JOIN chat.conversation c ON c.id = m.conversation_id
      WHERE m.user_id = ${viewerId}::uuid`;
    return row?.total ?? 0;
  },
  sync(_parent, { token, limit }, context) {
    return sync(context, requireUser(context), token, limit ?? 200);
  },
};
