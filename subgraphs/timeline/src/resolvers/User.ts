import type { UserResolvers } from '../generated/resolvers-types.ts';
import { requirePostPageSize } from '../post-lists.ts';

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  posts: (user, { first, after }, { loaders }) =>
    loaders.authorPage.load({ authorId: user.id, first: requirePostPageSize(first), after: after ?? null }),
};
