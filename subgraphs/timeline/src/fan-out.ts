import type { JobQueue, PrismaClient, TimelineConfig } from '@chorus/runtime';
import { activeFollowers, celebritiesAmong, isActive } from './projections.ts';
import type { TimelineStore } from './store/timeline-store.ts';

export const fanOutQueue = 'timeline.fan-out';
const chunkSize = 500;

export interface FanOutJob {
  postId: string;
  authorId: string;
  createdAt: string;
}

/**
 * Pushes a new post into the home timelines of the author and of the
 * author's *active* followers. Celebrities' posts are not pushed at all:
 * their followers pull them when they read. Idempotent, so a retried job
 * does no harm.
 */
export async function fanOut(db: PrismaClient, store: TimelineStore, settings: TimelineConfig, job: FanOutJob): Promise<number> {
  const entry = { postId: job.postId, authorId: job.authorId, createdAt: new Date(job.createdAt) };
  const celebrity = (await celebritiesAmong(db, [job.authorId], settings)).has(job.authorId);
  const owners = celebrity ? [job.authorId] : [job.authorId, ...(await activeFollowers(db, job.authorId, settings))];
  for (let i = 0; i < owners.length; i += chunkSize) await store.pushToHomes(owners.slice(i, i + chunkSize), entry);
  return owners.length;
}

export function enqueueFanOut(queue: JobQueue, job: FanOutJob): Promise<void> {
  return queue.enqueue(fanOutQueue, job);
}

export const backfillQueue = 'timeline.backfill';
/** How many of a newly followed author's posts land in the follower's timeline at once. */
export const backfillSize = 20;

export interface BackfillJob {
  followerId: string;
  followeeId: string;
}

/** Following someone brings their recent posts into the follower's (active) home timeline. */
export async function backfill(db: PrismaClient, store: TimelineStore, settings: TimelineConfig, job: BackfillJob): Promise<void> {
  if (!(await isActive(db, job.followerId, settings))) return; // rebuilt by pull when they return
  const entries = await store.authorEntries([job.followeeId], { before: null, limit: backfillSize });
  for (const entry of entries.get(job.followeeId) ?? []) await store.pushToHomes([job.followerId], entry);
}
