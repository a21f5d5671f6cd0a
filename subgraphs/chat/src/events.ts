import type { EventHandlers } from '@chorus/runtime';

export const chatEvents: EventHandlers = {
  // Chat answers sync for every kind a device keeps, the account included.
  'user.profile_changed': async ({ userId }, tx) => {
    await tx.chatUserState.upsert({ where: { userId }, create: { userId, accountVersion: 1 }, update: { accountVersion: { increment: 1 } } });
  },
  // The user leaves every conversation. Their messages stay in the other
  // members' history (it is theirs too), with a sender that resolves to null.
  'user.deleted': async ({ userId }, tx) => {
    await tx.conversationMember.deleteMany({ where: { userId } });
    await tx.chatFollow.deleteMany({ where: { OR: [{ followerId: userId }, { followeeId: userId }] } });
    await tx.inboxEntry.deleteMany({ where: { userId } });
    await tx.chatUserState.deleteMany({ where: { userId } });
  },
};
