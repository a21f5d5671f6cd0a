import { badUserInput, isUniqueViolation, requireId, requireText, type PrismaClient, type Transaction } from '@chorus/runtime';
import type { MessageRow } from './mappers.ts';
import { addChange } from './changes.ts';
import { changeConversation, type ChatServices } from './chat-services.ts';
import { topics, type MessageNotice } from './topics.ts';

export const messageBodyRule = { field: 'body', min: 1, max: 4000 };
const clientMessageIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

export function requireClientMessageId(value: string | null | undefined): string | null {
  if (value == null) return null;
  if (!clientMessageIdPattern.test(value)) {
    throw badUserInput('clientMessageId must be 1–64 characters of letters, digits and ._:-', 'clientMessageId');
  }
  return value;
}

/** A pair of users has exactly one direct conversation, named by their sorted ids. */
export function directPairKey(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

export async function findOrCreateDirect(services: Pick<ChatServices, 'db' | 'queue'>, from: string, to: string): Promise<string> {
  const { db } = services;
  const pairKey = directPairKey(from, to);
  const existing = await db.conversation.findUnique({ where: { pairKey }, select: { id: true } });
  if (existing) return existing.id;
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.conversation.create({
        data: { kind: 'DIRECT', pairKey, members: { create: [{ userId: from }, { userId: to }] } },
        select: { id: true },
      });
      return created.id;
    });
  } catch (error) {
    // Both sides sent a first message at once: the unique pair key let one create it.
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.conversation.findUniqueOrThrow({ where: { pairKey }, select: { id: true } });
    return winner.id;
  }
}

async function findByClientId(db: PrismaClient | Transaction, conversationId: string, senderId: string, clientMessageId: string) {
  return db.message.findUnique({
    where: { conversationId_senderId_clientMessageId: { conversationId, senderId, clientMessageId } },
  });
}

export interface NewMessage {
  conversationId: string;
  from: string;
  body: string;
  clientMessageId: string | null;
  attachmentIds: string[];
}

export const maxAttachments = 4;

export function requireAttachmentIds(ids: readonly string[] | null | undefined): string[] {
  const attachmentIds = (ids ?? []).map((id) => requireId(id, 'attachmentIds'));
  if (attachmentIds.length > maxAttachments) throw badUserInput(`At most ${maxAttachments} attachments.`, 'attachmentIds');
  if (new Set(attachmentIds).size !== attachmentIds.length) throw badUserInput('attachmentIds has duplicates.', 'attachmentIds');
  return attachmentIds;
}

/**
 * Stores a message once, with the conversation's next sequence number, and
 * records it as a change for write diffusion. The counter row is bumped under
 * its row lock inside the transaction, so concurrent senders get distinct,
 * gap-free sequence numbers; a retried send with the same client message id
 * returns the message stored the first time. Subscribers are told after the
 * commit.
 */
export async function sendMessage(services: ChatServices, message: NewMessage): Promise<MessageRow> {
  const body = requireText(message.body, messageBodyRule);
  const { db } = services;
  const { conversationId, clientMessageId } = message;
  if (clientMessageId !== null) {
    const original = await findByClientId(db, conversationId, message.from, clientMessageId);
    if (original) return original;
  }
  let stored: MessageRow;
  try {
    // The conversation row is the lock every change of the conversation queues on: hold it briefly.
    stored = await changeConversation(services, conversationId, async (tx) => {
      const { lastSeq, lastChange } = await tx.conversation.update({
        where: { id: conversationId },
        data: { lastSeq: { increment: 1 }, lastChange: { increment: 1 }, lastMessageAt: new Date() },
        select: { lastSeq: true, lastChange: true },
      });
      const created = await tx.message.create({
        data: { conversationId, seq: lastSeq, senderId: message.from, clientMessageId, body, attachmentIds: message.attachmentIds },
      });
      await addChange(tx, conversationId, lastChange, 'MESSAGE_ADDED', { messageId: created.id });
      return created;
    });
  } catch (error) {
    // A concurrent retry with the same client id won; its sequence bump rolled back with ours.
    if (clientMessageId !== null && isUniqueViolation(error)) {
      const original = await findByClientId(db, conversationId, message.from, clientMessageId);
      if (original) return original;
    }
    throw error;
  }
  // The sender has read what they wrote (outside the lock; it only ever moves forward).
  await db.conversationMember.updateMany({
    where: { conversationId, userId: message.from, readSeq: { lt: stored.seq } },
    data: { readSeq: stored.seq },
  });
  const notice: MessageNotice = { conversationId, seq: stored.seq };
  await services.pubsub.publish(topics.messages(conversationId), notice).catch((error: unknown) => {
    // Subscribers fill gaps from storage on the next message; the send itself succeeded.
    services.logger.warn({ err: error, conversationId }, 'could not announce a message');
  });
  return stored;
}
