import type { ConversationResolvers, MembershipResolvers } from '../generated/resolvers-types.ts';
import { requireMembership } from '../access.ts';
import { requireHistoryArgs } from '../history.ts';

export const Conversation: ConversationResolvers = {
  async __resolveReference(reference, context) {
    await requireMembership(context, reference.id);
    return context.loaders.conversationById.load(reference.id);
  },
  members: async (conversation, _args, { loaders }) =>
    (await loaders.memberIds.load(conversation.id)).map((id) => ({ id })),
  memberships: (conversation, _args, { loaders }) => loaders.memberships.load(conversation.id),
  viewerRole: async (conversation, _args, context) => (await requireMembership(context, conversation.id)).role,
  readSeq: async (conversation, _args, context) => (await requireMembership(context, conversation.id)).readSeq,
  async unreadCount(conversation, _args, context) {
    const membership = await requireMembership(context, conversation.id);
    return Math.max(0, conversation.lastSeq - membership.readSeq);
  },
  async messages(conversation, { last, before }, context) {
    const args = requireHistoryArgs(last, before);
    await requireMembership(context, conversation.id);
    return context.loaders.history.load({ conversationId: conversation.id, ...args });
  },
};

export const Membership: MembershipResolvers = {
  user: (membership) => ({ id: membership.userId }),
};
