import { decodeCursor, requirePageSize, toPage, type PrismaClient } from '@chorus/runtime';
import type { UserPage } from './mappers.ts';

export const maxPageSize = 100;

export type FollowDirection = 'followers' | 'following';

/**
 * One page of a user's followers or followings, newest follow first, by
 * keyset on (createdAt, other user's id) so pages stay stable under inserts.
 */
export async function followPage(
  db: PrismaClient,
  direction: FollowDirection,
  userId: string,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<UserPage> {
  const size = requirePageSize(first, 20, { max: maxPageSize });
  const list = `${direction}:${userId}`;
  const self = direction === 'followers' ? 'followeeId' : 'followerId';
  const other = direction === 'followers' ? 'followerId' : 'followeeId';
  const position = after == null ? null : decodeCursor(list, after);
  const rows = await db.follow.findMany({
    where: {
      [self]: userId,
      ...(position === null
        ? {}
        : {
            OR: [
              { createdAt: { lt: position.createdAt } },
              { createdAt: position.createdAt, [other]: { lt: position.id } },
            ],
          }),
    },
    orderBy: [{ createdAt: 'desc' }, { [other]: 'desc' }],
    take: size + 1,
  });
  return toPage(
    list,
    rows,
    size,
    (row) => ({ createdAt: row.createdAt, id: row[other] }),
    (row) => ({ id: row[other] }),
  );
}
