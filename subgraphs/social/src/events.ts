import type { EventHandlers } from '@chorus/runtime';
import { approveAllRequests, forgetUser } from './graph-writes.ts';

export const socialEvents: EventHandlers = {
  'user.created': async ({ userId, isPrivate }, tx) => {
    await tx.socialAccount.upsert({ where: { userId }, create: { userId, isPrivate }, update: {} });
  },
  'user.privacy_changed': async ({ userId, isPrivate }, tx) => {
    await tx.socialAccount.upsert({ where: { userId }, create: { userId, isPrivate }, update: { isPrivate } });
    if (!isPrivate) await approveAllRequests(tx, userId);
  },
  // A deleted user follows nobody and is followed by nobody: counts drop at once.
  'user.deleted': async ({ userId }, tx) => {
    await forgetUser(tx, userId);
  },
};
