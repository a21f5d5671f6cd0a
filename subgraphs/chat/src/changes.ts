import type { Transaction } from '@chorus/runtime';
import type { Rows } from '@chorus/runtime';

export type ChangeKind = Rows.ConversationChange['kind'];

/** The queue whose jobs copy a conversation's new changes into its members' inboxes. */
export const diffusionQueue = 'chat.diffuse';
export interface DiffusionJob {
  conversationId: string;
}

/**
 * Numbers one change of a conversation, inside the transaction that makes
 * it. The conversation row is locked by the update, so concurrent changes of
 * one conversation get distinct, gap-free numbers in commit order.
 */
export async function recordChange(
  tx: Transaction,
  conversationId: string,
  kind: ChangeKind,
  refs: { messageId?: string; userId?: string } = {},
): Promise<number> {
  const { lastChange } = await tx.conversation.update({
    where: { id: conversationId },
    data: { lastChange: { increment: 1 } },
    select: { lastChange: true },
  });
  await addChange(tx, conversationId, lastChange, kind, refs);
  return lastChange;
}

/** The change row itself, for callers that numbered the change in an update of their own. */
export async function addChange(
  tx: Transaction,
  conversationId: string,
  change: number,
  kind: ChangeKind,
  refs: { messageId?: string; userId?: string } = {},
): Promise<void> {
  await tx.conversationChange.create({
    data: { conversationId, change, kind, messageId: refs.messageId ?? null, userId: refs.userId ?? null },
  });
}
