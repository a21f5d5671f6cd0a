import type DataLoader from 'dataloader';
import { groupedLoader, valuesByKey, type BaseContext, type PrismaClient, type Rows } from '@chorus/runtime';
import { loadPages, type PageKey } from './lists.ts';
import type { UserPage } from './mappers.ts';
import { loadRelations, type Relation } from './relations.ts';

export interface SocialContext extends BaseContext {
  db: PrismaClient;
  loaders: {
    followerCount: DataLoader<string, number>;
    followingCount: DataLoader<string, number>;
    friendCount: DataLoader<string, number>;
    /** What social knows of each account (privacy, deletion, friend-list version). */
    account: DataLoader<string, Rows.SocialAccount | null>;
    /** How the caller stands towards each user, in both directions. */
    relation: DataLoader<string, Relation>;
    page: DataLoader<PageKey, UserPage, string>;
    /** Friends each user has in common with the caller. */
    mutualFriendIds: DataLoader<string, string[]>;
  };
}

function countsBy(db: PrismaClient, column: 'followerId' | 'followeeId') {
  return async (ids: readonly string[]) => {
    const groups = await db.follow.groupBy({ by: [column], where: { [column]: { in: [...ids] } }, _count: true });
    return new Map(groups.map((group) => [group[column], group._count]));
  };
}

export function createSocialContext(base: BaseContext, db: PrismaClient): SocialContext {
  const { viewerId, loaderOptions } = base;
  return {
    ...base,
    db,
    loaders: {
      followerCount: valuesByKey(loaderOptions, countsBy(db, 'followeeId'), 0),
      followingCount: valuesByKey(loaderOptions, countsBy(db, 'followerId'), 0),
      friendCount: valuesByKey(
        loaderOptions,
        async (ids) => {
          const rows = await db.$queryRaw<{ owner: string; count: number }[]>`
            SELECT f.follower_id::text AS owner, count(*)::int AS count
            FROM social.follow f JOIN social.follow r ON r.follower_id = f.followee_id AND r.followee_id = f.follower_id
            WHERE f.follower_id = ANY(${[...ids]}::uuid[]) GROUP BY f.follower_id`;
          return new Map(rows.map((row) => [row.owner, row.count]));
        },
        0,
      ),
      account: valuesByKey<Rows.SocialAccount | null>(
        loaderOptions,
        async (ids) => {
          const rows = await db.socialAccount.findMany({ where: { userId: { in: [...ids] } } });
          return new Map(rows.map((row) => [row.userId, row]));
        },
        null,
      ),
      relation: valuesByKey(loaderOptions, (ids) => loadRelations(db, viewerId, ids), {
        following: false,
        requested: false,
        followsYou: false,
        blocking: false,
        blockedBy: false,
        muting: false,
      }),
      page: groupedLoader(
        loaderOptions,
        (key: PageKey) => JSON.stringify([key.kind, key.first, key.after]),
        (keys) => loadPages(db, viewerId, keys),
      ),
      mutualFriendIds: valuesByKey(
        loaderOptions,
        async (ids) => {
          if (viewerId === null) return new Map();
          const rows = await db.$queryRaw<{ owner: string; friend: string }[]>`
            SELECT o.owner::text AS owner, m.followee_id::text AS friend
            FROM unnest(${[...ids]}::uuid[]) AS o(owner)
            JOIN social.follow m ON m.follower_id = o.owner
            JOIN social.follow mr ON mr.follower_id = m.followee_id AND mr.followee_id = m.follower_id
            JOIN social.follow v ON v.follower_id = ${viewerId}::uuid AND v.followee_id = m.followee_id
            JOIN social.follow vr ON vr.follower_id = v.followee_id AND vr.followee_id = v.follower_id
            ORDER BY GREATEST(m.created_at, mr.created_at) DESC, m.followee_id DESC`;
          const mutual = new Map<string, string[]>();
          for (const row of rows) mutual.set(row.owner, [...(mutual.get(row.owner) ?? []), row.friend]);
          return mutual;
        },
        [],
      ),
    },
  };
}
