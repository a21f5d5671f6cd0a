import { forbidden } from '@chorus/runtime';
import type { UserResolvers } from '../generated/resolvers-types.ts';

export const User: UserResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.userById.load(reference.id),
  avatar: (user) => (user.avatarMediaId === null ? null : { id: user.avatarMediaId }),
  email(user, _args, { viewerId }) {
    if (viewerId !== user.id) throw forbidden("Only the account's owner may read its email address.");
    return user.email;
  },
};
