import { requireOwner } from '@chorus/runtime';
import type { UserResolvers } from '../generated/resolvers-types.ts';

export const User: UserResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.userById.load(reference.id),
  avatar: (user) => (user.avatarMediaId === null ? null : { id: user.avatarMediaId }),
  email(user, _args, context) {
    requireOwner(context, user.id, 'an email address');
    return user.email;
  },
};
