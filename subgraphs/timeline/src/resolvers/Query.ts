import { isUuid, requireUser } from '@chorus/runtime';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { countNewPosts } from '../home-timeline.ts';
import { homePage, recentPostsPage } from '../post-lists.ts';
import { guardStore } from '../store-errors.ts';
import { visiblePost } from '../visibility.ts';

export const maxNewPostsCount = 100;

export const Query: QueryResolvers = {
  post: async (_parent, { id }, context) =>
    isUuid(id) ? visiblePost(context, await guardStore(context.loaders.postById.load(id.toLowerCase()))) : null,
  recentPosts: (_parent, { first, after }, context) => guardStore(recentPostsPage(context, first, after)),
  homeTimeline: (_parent, { first, after }, context) => guardStore(homePage(context, requireUser(context), first, after)),
  newPostsCount: async (_parent, _args, context) =>
    guardStore(countNewPosts(context, requireUser(context), maxNewPostsCount, await context.blockedEitherWay())),
};
