import { requireToken, type PrismaClient, type TokenBucket } from '@chorus/runtime';

/** 50 follows in a burst, then one every 30 seconds: enough for people, not for follow-spam scripts. */
export const followBucket: TokenBucket = { capacity: 50, refillPerSecond: 1 / 30 };

export function requireFollowToken(db: PrismaClient, viewerId: string): Promise<void> {
  return requireToken(db, `follow:${viewerId}`, followBucket, 'follows');
}
