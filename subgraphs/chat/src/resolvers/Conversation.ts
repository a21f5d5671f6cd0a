import { badUserInput } from '@chorus/runtime';
import type { ConversationResolvers } from '../generated/resolvers-types.ts';
import { requireMembership } from '../access.ts';

export const maxMessagesPage = 200;

export const Conversation: ConversationResolvers = {
  async __resolveReference(reference, context) {
    await requireMembership(context, reference.id);
    return context.loaders.conversationById.load(reference.id);
  },
  members: async (conversation, _args, { loaders }) =>
    (await loaders.memberIds.load(conversation.id)).map((id) => ({ id })),
  async unreadCount(conversation, _args, context) {
    const membership = await requireMembership(context, conversation.id);
    return Math.max(0, conversation.lastSeq - membership.readSeq);
  },
  async messages(conversation, { last, before }, context) {
    await requireMembership(context, conversation.id);
    const take = last ?? 50;
    if (!Number.isInteger(take) || take < 0 || take > maxMessagesPage) {
      throw badUserInput(`last must be between 0 and ${maxMessagesPage}.`, 'last');
    }
    if (before != null && (!Number.isInteger(before) || before < 1)) throw badUserInput('before must be positive.', 'before');
    const rows = await context.db.message.findMany({
      where: { conversationId: conversation.id, ...(before == null ? {} : { seq: { lt: before } }) },
      orderBy: { seq: 'desc' },
      take,
    });
    return rows.reverse();
  },
};
