import type { PostResolvers } from '../generated/resolvers-types.ts';
import { visiblePost } from '../visibility.ts';

export const Post: PostResolvers = {
  __resolveReference: async (reference, context) => {
    const post = await visiblePost(context, await context.loaders.postById.load(reference.id));
    return post?.deletedAt === null ? post : null;
  },
  author: (post) => ({ id: post.authorId }),
  media: (post) => post.mediaIds.map((id) => ({ id })),
};
