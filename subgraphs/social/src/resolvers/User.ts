import type { UserResolvers } from '../generated/resolvers-types.ts';
import { followPage } from '../follow-lists.ts';

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  followers: (user, { first, after }, { db }) => followPage(db, 'followers', user.id, first, after),
  following: (user, { first, after }, { db }) => followPage(db, 'following', user.id, first, after),
  followerCount: (user, _args, { loaders }) => loaders.followerCount.load(user.id),
  followingCount: (user, _args, { loaders }) => loaders.followingCount.load(user.id),
  followedByMe: (user, _args, { viewerId, loaders }) =>
    viewerId === null ? null : loaders.followedByViewer.load(user.id),
};
