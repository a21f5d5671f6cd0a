import { isUuid } from '@chorus/runtime';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { handleKey } from '../handles.ts';

export const Query: QueryResolvers = {
  me: (_parent, _args, { viewerId, loaders }) => (viewerId === null ? null : loaders.userById.load(viewerId)),
  // An id that is not even a UUID names nobody: null, like any unknown id.
  user: (_parent, { id }, { loaders }) => (isUuid(id) ? loaders.userById.load(id.toLowerCase()) : null),
  userByHandle: (_parent, { handle }, { db }) =>
    handle.length > 100 ? null : db.user.findFirst({ where: { handleKey: handleKey(handle), deletedAt: null } }),
};
