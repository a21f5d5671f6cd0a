import type { UserResolvers } from '../generated/resolvers-types.ts';

export const User: UserResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.userById.load(reference.id),
  avatar: (user) => (user.avatarMediaId === null ? null : { id: user.avatarMediaId }),
};
