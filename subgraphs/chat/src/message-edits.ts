import { forbidden, notFound, requireId, requireText } from '@chorus/runtime';
import type { ChatContext } from './context.ts';
import type { MessageRow } from './mappers.ts';
import { requireMembership } from './access.ts';
import { recordChange } from './changes.ts';
import { changeConversation } from './chat-services.ts';
import { messageBodyRule } from './send-message.ts';

async function requireOwnMessage(context: ChatContext, messageId: string, allowModerators: boolean): Promise<MessageRow> {
  const id = requireId(messageId, 'messageId');
  const message = await context.loaders.messageById.load(id);
  if (message === null) throw notFound('message');
  const membership = await requireMembership(context, message.conversationId);
  const moderator = allowModerators && membership.role !== 'MEMBER';
  if (message.senderId !== membership.userId && !moderator) throw forbidden('Only the sender may change this message.');
  if (message.deletedAt !== null) throw forbidden('The message was deleted.');
  return message;
}

/** Edits keep the message's place; members learn of it through their inboxes. */
export async function editMessage(context: ChatContext, messageId: string, newBody: string): Promise<MessageRow> {
  const body = requireText(newBody, messageBodyRule);
  const message = await requireOwnMessage(context, messageId, false);
  return changeConversation(context.services, message.conversationId, async (tx) => {
    const updated = await tx.message.update({ where: { id: message.id }, data: { body, editedAt: new Date() } });
    await recordChange(tx, message.conversationId, 'MESSAGE_EDITED', { messageId: message.id });
    return updated;
  });
}

/** A tombstone: the sequence number stays taken, the content goes. */
export async function deleteMessage(context: ChatContext, messageId: string): Promise<MessageRow> {
  const message = await requireOwnMessage(context, messageId, true);
  return changeConversation(context.services, message.conversationId, async (tx) => {
    const updated = await tx.message.update({
      where: { id: message.id },
      data: { body: '', attachmentIds: [], deletedAt: new Date() },
    });
    await recordChange(tx, message.conversationId, 'MESSAGE_DELETED', { messageId: message.id });
    return updated;
  });
}
