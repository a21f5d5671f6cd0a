import type { BaseContext } from '../context.ts';
import { forbidden, unauthenticated } from '../errors.ts';

/** The caller's id, or UNAUTHENTICATED. */
export function requireUser(context: BaseContext): string {
  if (context.viewerId === null) throw unauthenticated();
  return context.viewerId;
}

/** The caller's id if they are `ownerId`; FORBIDDEN for anyone else, UNAUTHENTICATED for nobody. */
export function requireOwner(context: BaseContext, ownerId: string, what = 'this'): string {
  const viewerId = requireUser(context);
  if (viewerId !== ownerId) throw forbidden(`Only its owner may access ${what}.`);
  return viewerId;
}

/**
 * The caller's membership of something (a conversation, a group), or
 * FORBIDDEN. A missing thing and one the caller is not in answer alike, so
 * ids can't be probed.
 */
export async function requireMember<Membership>(
  context: BaseContext,
  membershipOf: (viewerId: string) => Promise<Membership | null>,
  what: string,
): Promise<Membership> {
  const viewerId = requireUser(context);
  const membership = await membershipOf(viewerId);
  if (membership === null) throw forbidden(`You are not a member of this ${what}.`);
  return membership;
}
