import type { PostResolvers } from '../generated/resolvers-types.ts';
import { visiblePost } from '../visibility.ts';

export const Post: PostResolvers = {
  __resolveReference: async (reference, context) => visiblePost(context, await context.loaders.postById.load(reference.id)),
  author: (post) => ({ id: post.authorId }),
  media: (post) => post.mediaIds.map((id) => ({ id })),
};
