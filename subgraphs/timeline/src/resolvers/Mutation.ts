import { badUserInput, requireId, requireText, requireUser } from '@chorus/runtime';
import type { MutationResolvers } from '../generated/resolvers-types.ts';

export const postBodyRule = { field: 'body', min: 1, max: 2000 };
export const maxMediaPerPost = 4;

export const Mutation: MutationResolvers = {
  async createPost(_parent, { input }, context) {
    const authorId = requireUser(context);
    const body = requireText(input.body, postBodyRule);
    const mediaIds = (input.mediaIds ?? []).map((id) => requireId(id, 'mediaIds'));
    if (mediaIds.length > maxMediaPerPost) {
      throw badUserInput(`A post may carry at most ${maxMediaPerPost} images.`, 'mediaIds');
    }
    if (new Set(mediaIds).size !== mediaIds.length) throw badUserInput('mediaIds has duplicates.', 'mediaIds');
    return context.db.post.create({ data: { authorId, body, mediaIds } });
  },
};
