import type { UserResolvers } from '../generated/resolvers-types.ts';
import type { SocialContext } from '../context.ts';
import { requireListPageSize, type ListKind } from '../lists.ts';
import { requireListAccess } from '../visibility.ts';

/** Opaque to clients; a counter underneath, moved by every change to the friend list. */
export async function friendListVersion(context: SocialContext, userId: string): Promise<string> {
  const account = await context.loaders.account.load(userId);
  return `v${account?.friendListVersion ?? 0n}`;
}

function list(kind: ListKind) {
  return async (user: { id: string }, args: { first?: number | null; after?: string | null }, context: SocialContext) => {
    const first = requireListPageSize(args.first);
    await requireListAccess(context, user.id);
    return context.loaders.page.load({ kind, userId: user.id, first, after: args.after ?? null });
  };
}

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  followers: list('followers'),
  following: list('following'),
  friends: list('friends'),
  followerCount: (user, _args, { loaders }) => loaders.followerCount.load(user.id),
  followingCount: (user, _args, { loaders }) => loaders.followingCount.load(user.id),
  friendCount: (user, _args, { loaders }) => loaders.friendCount.load(user.id),
  async friendListVersion(user, _args, context) {
    await requireListAccess(context, user.id);
    return friendListVersion(context, user.id);
  },
  async relationship(user, _args, context) {
    if (context.viewerId === null || context.viewerId === user.id) return null;
    const relation = await context.loaders.relation.load(user.id);
    return {
      following: relation.following,
      requested: relation.requested,
      followsYou: relation.followsYou,
      blocking: relation.blocking,
      muting: relation.muting,
    };
  },
  async mutualFriends(user, { first }, context) {
    if (context.viewerId === null || context.viewerId === user.id) return null;
    const size = requireListPageSize(first);
    return (await context.loaders.mutualFriendIds.load(user.id)).slice(0, size).map((id) => ({ id }));
  },
  async mutualFriendCount(user, _args, context) {
    if (context.viewerId === null || context.viewerId === user.id) return null;
    return (await context.loaders.mutualFriendIds.load(user.id)).length;
  },
};
