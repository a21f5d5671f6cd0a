import { requireMember, type Rows } from '@chorus/runtime';
import type { ChatContext } from './context.ts';

/** Chat history is for members only. */
export function requireMembership(context: ChatContext, conversationId: string): Promise<Rows.ConversationMember> {
  return requireMember(context, () => context.loaders.viewerMembership.load(conversationId), 'conversation');
}
