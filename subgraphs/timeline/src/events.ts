import type { EventHandlers } from '@chorus/runtime';

export const timelineEvents: EventHandlers = {
  // A deleted user's posts are erased, not hidden: nothing of them is kept.
  'user.deleted': async ({ userId }, tx) => {
    await tx.post.deleteMany({ where: { authorId: userId } });
  },
};
