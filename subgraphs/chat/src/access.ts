import { forbidden, requireUser, type Rows } from '@chorus/runtime';
import type { ChatContext } from './context.ts';

/**
 * Chat history is for members only. A conversation that does not exist and
 * one the caller is not in answer the same, so ids can't be probed.
 */
export async function requireMembership(context: ChatContext, conversationId: string): Promise<Rows.ConversationMember> {
  requireUser(context);
  const membership = await context.loaders.viewerMembership.load(conversationId);
  if (membership === null) throw forbidden('You are not a member of this conversation.');
  return membership;
}
