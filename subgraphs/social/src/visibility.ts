import { forbidden } from '@chorus/runtime';
import type { SocialContext } from './context.ts';

/**
 * Who may see a user's followers, following and friends: the user, and —
 * unless either blocks the other — anyone for a public account, approved
 * followers for a private one.
 */
export async function requireListAccess(context: SocialContext, userId: string): Promise<void> {
  if (context.viewerId === userId) return;
  const [account, relation] = await Promise.all([
    context.loaders.account.load(userId),
    context.loaders.relation.load(userId),
  ]);
  if (relation.blocking || relation.blockedBy) throw forbidden("You cannot see this user's connections.");
  if (account?.isPrivate && !relation.following) throw forbidden('This account is private.');
}
