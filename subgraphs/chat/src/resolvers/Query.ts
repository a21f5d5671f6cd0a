import { isUuid, requirePageSize, requireUser } from '@chorus/runtime';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { requireMembership } from '../access.ts';

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
};
