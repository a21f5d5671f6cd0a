import type { UserResolvers } from '../generated/resolvers-types.ts';
import { authorPostsPage, requirePostPageSize } from '../post-lists.ts';
import { guardStore } from '../store-errors.ts';
import { requireAuthorVisible } from '../visibility.ts';

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  async posts(user, { first, after }, context) {
    const size = requirePostPageSize(first);
    await requireAuthorVisible(context, user.id);
    return guardStore(authorPostsPage(context, user.id, size, after));
  },
};
