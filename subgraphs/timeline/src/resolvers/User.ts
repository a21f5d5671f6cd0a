import type { UserResolvers } from '../generated/resolvers-types.ts';
import { postPage } from '../post-lists.ts';

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  posts: (user, { first, after }, { db }) => postPage(db, user.id, first, after),
};
