import type DataLoader from 'dataloader';
import { valuesByKey, type BaseContext, type PrismaClient } from '@chorus/runtime';

export interface SocialContext extends BaseContext {
  db: PrismaClient;
  loaders: {
    followerCount: DataLoader<string, number>;
    followingCount: DataLoader<string, number>;
    /** Keyed by followee id: does the caller follow them? */
    followedByViewer: DataLoader<string, boolean>;
  };
}

export function createSocialContext(base: BaseContext, db: PrismaClient): SocialContext {
  const viewerId = base.viewerId;
  return {
    ...base,
    db,
    loaders: {
      followerCount: valuesByKey(async (ids) => {
        const groups = await db.follow.groupBy({ by: ['followeeId'], where: { followeeId: { in: [...ids] } }, _count: true });
        return new Map(groups.map((group) => [group.followeeId, group._count]));
      }, 0),
      followingCount: valuesByKey(async (ids) => {
        const groups = await db.follow.groupBy({ by: ['followerId'], where: { followerId: { in: [...ids] } }, _count: true });
        return new Map(groups.map((group) => [group.followerId, group._count]));
      }, 0),
      followedByViewer: valuesByKey(async (ids) => {
        if (viewerId === null) return new Map();
        const rows = await db.follow.findMany({
          where: { followerId: viewerId, followeeId: { in: [...ids] } },
          select: { followeeId: true },
        });
        return new Map(rows.map((row) => [row.followeeId, true]));
      }, false),
    },
  };
}
