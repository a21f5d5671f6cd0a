import { badUserInput, forbidden, isBlockedEitherWay, requireId, requireToken, requireUser } from '@chorus/runtime';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import type { ChatContext } from '../context.ts';
import { requireMembership } from '../access.ts';
import { deleteMessage, editMessage } from '../message-edits.ts';
import { addGroupMembers, createGroup, leaveGroup, removeGroupMember, renameGroup, setMemberRole } from '../groups.ts';
import { findOrCreateDirect, requireAttachmentIds, requireClientMessageId, sendMessage } from '../send-message.ts';

/** One sender cannot flood: a token bucket per sender across every instance. */
function requireSendToken(context: ChatContext, senderId: string): Promise<void> {
  const { sendBurst, sendPerSecond } = context.services.settings;
  return requireToken(context.db, `chat.send:${senderId}`, { capacity: sendBurst, refillPerSecond: sendPerSecond }, 'messages');
}

export const Mutation: MutationResolvers = {
  async sendDirectMessage(_parent, { input }, context) {
    const from = requireUser(context);
    const to = requireId(input.toUserId, 'toUserId');
    if (to === from) throw badUserInput('You cannot message yourself.', 'toUserId');
    const clientMessageId = requireClientMessageId(input.clientMessageId);
    const attachmentIds = requireAttachmentIds(input.attachmentIds);
    if (await isBlockedEitherWay(context.db, 'chat', from, to)) throw forbidden('You cannot message this user.');
    await requireSendToken(context, from);
    const conversationId = await findOrCreateDirect(context.services, from, to);
    return sendMessage(context.services, { conversationId, from, body: input.body, clientMessageId, attachmentIds });
  },

  async sendMessage(_parent, { input }, context) {
    const from = requireUser(context);
    const conversationId = requireId(input.conversationId, 'conversationId');
    const clientMessageId = requireClientMessageId(input.clientMessageId);
    const attachmentIds = requireAttachmentIds(input.attachmentIds);
    await requireMembership(context, conversationId);
    const conversation = await context.loaders.conversationById.load(conversationId);
    if (conversation?.kind === 'DIRECT' && conversation.pairKey) {
      const other = conversation.pairKey.split(':').find((id) => id !== from);
      if (other && (await isBlockedEitherWay(context.db, 'chat', from, other))) throw forbidden('You cannot message this user.');
    }
    await requireSendToken(context, from);
    return sendMessage(context.services, { conversationId, from, body: input.body, clientMessageId, attachmentIds });
  },

  editMessage: (_parent, { messageId, body }, context) => editMessage(context, messageId, body),
  deleteMessage: (_parent, { messageId }, context) => deleteMessage(context, messageId),

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

  createGroup: (_parent, { input }, context) => createGroup(context, requireUser(context), input.title, input.memberIds),
  addGroupMembers: (_parent, { conversationId, userIds }, context) => addGroupMembers(context, conversationId, userIds),
  removeGroupMember: (_parent, { conversationId, userId }, context) => removeGroupMember(context, conversationId, userId),
  setMemberRole: (_parent, { conversationId, userId, role }, context) => setMemberRole(context, conversationId, userId, role),
  renameGroup: (_parent, { conversationId, title }, context) => renameGroup(context, conversationId, title),
  leaveGroup: (_parent, { conversationId }, context) => leaveGroup(context, conversationId),

  async setTyping(_parent, args, context) {
    const userId = requireUser(context);
    const conversationId = requireId(args.conversationId, 'conversationId');
    await requireMembership(context, conversationId);
    await context.services.typing.start(conversationId, userId);
    return true;
  },
};
