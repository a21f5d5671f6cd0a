import { isUuid } from '@chorus/runtime';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { recentPostsPage } from '../post-lists.ts';

export const Query: QueryResolvers = {
  post: (_parent, { id }, { loaders }) => (isUuid(id) ? loaders.postById.load(id.toLowerCase()) : null),
  recentPosts: (_parent, { first, after }, { db }) => recentPostsPage(db, first, after),
};
