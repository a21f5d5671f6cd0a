import { isUuid } from '@chorus/runtime';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { recentPostsPage } from '../post-lists.ts';
import { visiblePost } from '../visibility.ts';

export const Query: QueryResolvers = {
  post: async (_parent, { id }, context) =>
    isUuid(id) ? visiblePost(context, await context.loaders.postById.load(id.toLowerCase())) : null,
  recentPosts: async (_parent, { first, after }, context) =>
    recentPostsPage(context.db, first, after, await context.blockedEitherWay()),
};
