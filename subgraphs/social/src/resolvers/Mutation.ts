import { badUserInput, requireId, requireUser } from '@chorus/runtime';
import type { MutationResolvers } from '../generated/resolvers-types.ts';

export const Mutation: MutationResolvers = {
  async follow(_parent, args, context) {
    const viewerId = requireUser(context);
    const userId = requireId(args.userId, 'userId');
    if (userId === viewerId) throw badUserInput('You cannot follow yourself.', 'userId');
    // skipDuplicates makes a repeated follow a no-op instead of a conflict.
    await context.db.follow.createMany({ data: [{ followerId: viewerId, followeeId: userId }], skipDuplicates: true });
    return { id: userId };
  },

  async unfollow(_parent, args, context) {
    const viewerId = requireUser(context);
    const userId = requireId(args.userId, 'userId');
    await context.db.follow.deleteMany({ where: { followerId: viewerId, followeeId: userId } });
    return { id: userId };
  },
};
