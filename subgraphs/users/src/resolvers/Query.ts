import { isUuid } from '@chorus/runtime';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import type { UsersContext } from '../context.ts';
import { handleKey } from '../handles.ts';
import type { UserRow } from '../mappers.ts';

/** Someone blocked either way is, to the caller, nobody. */
async function visible(context: UsersContext, user: UserRow | null): Promise<UserRow | null> {
  if (user === null) return null;
  return (await context.blockedEitherWay()).has(user.id) ? null : user;
}

export const Query: QueryResolvers = {
  me: (_parent, _args, { viewerId, loaders }) => (viewerId === null ? null : loaders.userById.load(viewerId)),
  // An id that is not even a UUID names nobody: null, like any unknown id.
  user: async (_parent, { id }, context) =>
    isUuid(id) ? visible(context, await context.loaders.userById.load(id.toLowerCase())) : null,
  userByHandle: async (_parent, { handle }, context) =>
    handle.length > 100
      ? null
      : visible(context, await context.db.user.findFirst({ where: { handleKey: handleKey(handle), deletedAt: null } })),
};
