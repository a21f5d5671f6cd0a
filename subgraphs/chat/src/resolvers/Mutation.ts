import { badUserInput, forbidden, isBlockedEitherWay, requireId, requireUser } from '@chorus/runtime';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { requireMembership } from '../access.ts';
import { requireAttachmentIds, requireClientMessageId, sendDirectMessage } from '../send-message.ts';

export const Mutation: MutationResolvers = {
  async sendDirectMessage(_parent, { input }, context) {
    const from = requireUser(context);
    const to = requireId(input.toUserId, 'toUserId');
    if (to === from) throw badUserInput('You cannot message yourself.', 'toUserId');
    if (await isBlockedEitherWay(context.db, 'chat', from, to)) throw forbidden('You cannot message this user.');
    return sendDirectMessage(context.db, {
      from,
      to,
      body: input.body,
      clientMessageId: requireClientMessageId(input.clientMessageId),
      attachmentIds: requireAttachmentIds(input.attachmentIds),
    });
  },

  async markRead(_parent, args, context) {
    const conversationId = requireId(args.conversationId, 'conversationId');
    const membership = await requireMembership(context, conversationId);
    const conversation = await context.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    if (!Number.isInteger(args.seq) || args.seq < 0 || args.seq > conversation.lastSeq) {
      throw badUserInput(`seq must be between 0 and ${conversation.lastSeq}.`, 'seq');
    }
    // The condition keeps the read position monotonic under concurrent calls.
    await context.db.conversationMember.updateMany({
      where: { conversationId, userId: membership.userId, readSeq: { lt: args.seq } },
      data: { readSeq: args.seq },
    });
    context.loaders.viewerMembership.clear(conversationId);
    return conversation;
  },
};
