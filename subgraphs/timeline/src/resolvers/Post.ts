import type { PostResolvers } from '../generated/resolvers-types.ts';

export const Post: PostResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.postById.load(reference.id),
  author: (post) => ({ id: post.authorId }),
  media: (post) => post.mediaIds.map((id) => ({ id })),
};
