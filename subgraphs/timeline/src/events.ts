import type { EventHandlers } from '@chorus/runtime';
import type { TimelineStore } from './store/timeline-store.ts';

export function timelineEvents(store: TimelineStore): EventHandlers {
  return {
    // A deleted user's posts are erased, not hidden, and their timeline and follows go with them.
    'user.deleted': async ({ userId }, tx) => {
      await tx.timelineFollow.deleteMany({ where: { OR: [{ followerId: userId }, { followeeId: userId }] } });
      await tx.timelineMute.deleteMany({ where: { OR: [{ muterId: userId }, { mutedId: userId }] } });
      await tx.timelineActivity.deleteMany({ where: { userId } });
      await store.forgetUser(userId, tx);
    },
  };
}
