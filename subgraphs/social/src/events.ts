import type { EventHandlers } from '@chorus/runtime';

export const socialEvents: EventHandlers = {
  // A deleted user follows nobody and is followed by nobody: counts drop at once.
  'user.deleted': async ({ userId }, tx) => {
    await tx.follow.deleteMany({ where: { OR: [{ followerId: userId }, { followeeId: userId }] } });
  },
};
