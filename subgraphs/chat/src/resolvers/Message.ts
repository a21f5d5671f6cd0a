import type { MessageResolvers } from '../generated/resolvers-types.ts';
import { requireMembership } from '../access.ts';

export const Message: MessageResolvers = {
  async __resolveReference(reference, context) {
    const message = await context.loaders.messageById.load(reference.id);
    if (message === null) return null;
    await requireMembership(context, message.conversationId);
    return message;
  },
  conversation: async (message, _args, { loaders }) => {
    const conversation = await loaders.conversationById.load(message.conversationId);
    if (conversation === null) throw new Error(`message ${message.id} has no conversation`);
    return conversation;
  },
  sender: (message) => ({ id: message.senderId }),
  attachments: (message) => message.attachmentIds.map((id) => ({ id })),
  deleted: (message) => message.deletedAt !== null,
};
