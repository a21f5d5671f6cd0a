import { backfillQueue } from './fan-out.ts';
import type { EventHandlers, JobQueue, PrismaClient, TimelineConfig } from '@chorus/runtime';

/** Follows and mutes, mirrored from social's events: fan-out and home reads need them locally. */
export function projectionEvents(queue: JobQueue): EventHandlers {
  return {
  'follow.created': async ({ followerId, followeeId }, tx) => {
    await tx.timelineFollow.createMany({ data: [{ followerId, followeeId }], skipDuplicates: true });
    await queue.enqueue(backfillQueue, { followerId, followeeId }, tx);
  },
  'follow.removed': async ({ followerId, followeeId }, tx) => {
    await tx.timelineFollow.deleteMany({ where: { followerId, followeeId } });
  },
  'user.muted': async ({ muterId, mutedId }, tx) => {
    await tx.timelineMute.createMany({ data: [{ muterId, mutedId }], skipDuplicates: true });
  },
  'user.unmuted': async ({ muterId, mutedId }, tx) => {
    await tx.timelineMute.deleteMany({ where: { muterId, mutedId } });
  },
  };
}

export async function followeesOf(db: PrismaClient, userId: string): Promise<string[]> {
  const rows = await db.timelineFollow.findMany({ where: { followerId: userId }, select: { followeeId: true } });
  return rows.map((row) => row.followeeId);
}

export async function mutedBy(db: PrismaClient, userId: string): Promise<Set<string>> {
  const rows = await db.timelineMute.findMany({ where: { muterId: userId }, select: { mutedId: true } });
  return new Set(rows.map((row) => row.mutedId));
}

/** Of these authors, those with enough followers that their posts are pulled at read time, not pushed. */
export async function celebritiesAmong(db: PrismaClient, authorIds: string[], settings: TimelineConfig): Promise<Set<string>> {
  if (authorIds.length === 0) return new Set();
  const rows = await db.$queryRaw<{ author: string }[]>`
    SELECT followee_id::text AS author FROM timeline.follow
    WHERE followee_id = ANY(${authorIds}::uuid[])
    GROUP BY followee_id HAVING count(*) >= ${settings.celebrityFollowers}`;
  return new Set(rows.map((row) => row.author));
}

function activeSince(settings: TimelineConfig): Date {
  return new Date(Date.now() - settings.activeDays * 24 * 3600 * 1000);
}

/** Followers of `authorId` who read their timeline recently enough to get pushes. */
export async function activeFollowers(db: PrismaClient, authorId: string, settings: TimelineConfig): Promise<string[]> {
  const rows = await db.$queryRaw<{ follower: string }[]>`
    SELECT f.follower_id::text AS follower FROM timeline.follow f
    JOIN timeline.activity a ON a.user_id = f.follower_id
    WHERE f.followee_id = ${authorId}::uuid AND a.last_seen_at >= ${activeSince(settings)}`;
  return rows.map((row) => row.follower);
}

export async function isActive(db: PrismaClient, userId: string, settings: TimelineConfig): Promise<boolean> {
  const row = await db.timelineActivity.findUnique({ where: { userId } });
  return row !== null && row.lastSeenAt >= activeSince(settings);
}

export async function markSeen(db: PrismaClient, userId: string): Promise<void> {
  await db.timelineActivity.upsert({ where: { userId }, create: { userId, lastSeenAt: new Date() }, update: { lastSeenAt: new Date() } });
}
