import type { EventHandlers } from '@chorus/runtime';

export const chatEvents: EventHandlers = {
  // The user leaves every conversation. Their messages stay in the other
  // members' history (it is theirs too), with a sender that resolves to null.
  'user.deleted': async ({ userId }, tx) => {
    await tx.conversationMember.deleteMany({ where: { userId } });
    await tx.chatFollow.deleteMany({ where: { OR: [{ followerId: userId }, { followeeId: userId }] } });
    await tx.inboxEntry.deleteMany({ where: { userId } });
    await tx.chatUserState.deleteMany({ where: { userId } });
  },
};
