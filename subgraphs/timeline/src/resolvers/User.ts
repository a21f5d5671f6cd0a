import type { UserResolvers } from '../generated/resolvers-types.ts';
import { requirePostPageSize } from '../post-lists.ts';
import { requireAuthorVisible } from '../visibility.ts';

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  async posts(user, { first, after }, context) {
    const size = requirePostPageSize(first);
    await requireAuthorVisible(context, user.id);
    return context.loaders.authorPage.load({ authorId: user.id, first: size, after: after ?? null });
  },
};
