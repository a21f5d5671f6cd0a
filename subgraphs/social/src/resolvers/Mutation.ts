import { badUserInput, requireId, requireUser } from '@chorus/runtime';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import type { SocialContext } from '../context.ts';
import { requireFollowToken } from '../follow-rate.ts';
import { approveRequest, block, cancelRequest, follow, mute, unblock, unfollow, unmute } from '../graph-writes.ts';

/** The caller and the other user, validated: never the same person. */
function pair(context: SocialContext, userId: string): [string, string] {
  const viewerId = requireUser(context);
  const other = requireId(userId, 'userId');
  if (other === viewerId) throw badUserInput('That is you.', 'userId');
  return [viewerId, other];
}

export const Mutation: MutationResolvers = {
  async follow(_parent, { userId }, context) {
    const [viewerId, other] = pair(context, userId);
    await requireFollowToken(context.db, viewerId);
    return { status: await follow(context.db, viewerId, other), user: { id: other } };
  },
  async unfollow(_parent, { userId }, context) {
    const [viewerId, other] = pair(context, userId);
    await unfollow(context.db, viewerId, other);
    return { id: other };
  },
  cancelFollowRequest: (_parent, { userId }, context) => cancelRequest(context.db, ...pair(context, userId)),
  approveFollowRequest(_parent, { userId }, context) {
    const [viewerId, requester] = pair(context, userId);
    return approveRequest(context.db, viewerId, requester);
  },
  async declineFollowRequest(_parent, { userId }, context) {
    const [viewerId, requester] = pair(context, userId);
    return cancelRequest(context.db, requester, viewerId);
  },
  async block(_parent, { userId }, context) {
    const [viewerId, other] = pair(context, userId);
    await block(context.db, viewerId, other);
    return { id: other };
  },
  async unblock(_parent, { userId }, context) {
    const [viewerId, other] = pair(context, userId);
    await unblock(context.db, viewerId, other);
    return { id: other };
  },
  async mute(_parent, { userId }, context) {
    const [viewerId, other] = pair(context, userId);
    await mute(context.db, viewerId, other);
    return { id: other };
  },
  async unmute(_parent, { userId }, context) {
    const [viewerId, other] = pair(context, userId);
    await unmute(context.db, viewerId, other);
    return { id: other };
  },
};
