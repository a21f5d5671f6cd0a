import { Prisma, decodeCursor, requirePageSize, toPage, type KeysetPosition, type PrismaClient } from '@chorus/runtime';
import type { UserPage } from './mappers.ts';

export const maxPageSize = 100;

export type ListKind = 'followers' | 'following' | 'friends';

export interface PageKey {
  kind: ListKind;
  userId: string;
  first: number;
  after: string | null;
}

interface Row {
  owner: string;
  other: string;
  at: Date;
}

/** The rows of each list, by who owns the list and who is on it. */
const sources: Record<ListKind, Prisma.Sql> = {
  followers: Prisma.sql`SELECT f.followee_id AS owner, f.follower_id AS other, f.created_at AS at FROM social.follow f`,
  following: Prisma.sql`SELECT f.follower_id AS owner, f.followee_id AS other, f.created_at AS at FROM social.follow f`,
  // A friendship dates from the later of the two follows.
  friends: Prisma.sql`SELECT f.follower_id AS owner, f.followee_id AS other, GREATEST(f.created_at, r.created_at) AS at
    FROM social.follow f JOIN social.follow r ON r.follower_id = f.followee_id AND r.followee_id = f.follower_id`,
};

export function listName(kind: ListKind, userId: string): string {
  return `${kind}:${userId}`;
}

export function requireListPageSize(first: number | null | undefined): number {
  return requirePageSize(first, 20, { max: maxPageSize });
}

/**
 * One page of each requested list in a single round trip: a LATERAL subquery
 * per owner walks that owner's index newest first and stops after the page.
 * People who block the viewer, or whom the viewer blocks, are left out.
 */
async function fetchPages(
  db: PrismaClient,
  kind: ListKind,
  owners: string[],
  size: number,
  position: KeysetPosition | null,
  viewerId: string | null,
): Promise<Map<string, Row[]>> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT o.owner::text AS owner, x.other::text AS other, x.at
    FROM unnest(${owners}::uuid[]) AS o(owner)
    CROSS JOIN LATERAL (
      SELECT l.other, l.at FROM (${sources[kind]}) AS l
      WHERE l.owner = o.owner
        AND (${position?.createdAt ?? null}::timestamptz IS NULL
             OR (l.at, l.other) < (${position?.createdAt ?? null}::timestamptz, ${position?.id ?? null}::uuid))
        AND NOT EXISTS (
          SELECT 1 FROM social.block b
          WHERE (b.blocker_id = ${viewerId}::uuid AND b.blocked_id = l.other)
             OR (b.blocked_id = ${viewerId}::uuid AND b.blocker_id = l.other))
      ORDER BY l.at DESC, l.other DESC
      LIMIT ${size + 1}
    ) AS x`;
  const byOwner = new Map<string, Row[]>();
  for (const row of rows) byOwner.set(row.owner, [...(byOwner.get(row.owner) ?? []), row]);
  return byOwner;
}

/** Answers a batch of page requests that share kind, size and cursor (see the loader's grouping). */
export async function loadPages(db: PrismaClient, viewerId: string | null, keys: PageKey[]): Promise<(UserPage | Error)[]> {
  const { kind, first, after } = keys[0]!;
  const toUserPage = (key: PageKey, rows: Row[]) =>
    toPage(
      listName(key.kind, key.userId),
      rows,
      key.first,
      (row) => ({ createdAt: row.at, id: row.other }),
      (row) => ({ id: row.other }),
    );
  if (after === null) {
    const pages = await fetchPages(db, kind, keys.map((key) => key.userId), first, null, viewerId);
    return keys.map((key) => toUserPage(key, pages.get(key.userId) ?? []));
  }
  // A cursor belongs to one owner's list, so pages after a cursor are fetched one by one.
  return Promise.all(
    keys.map(async (key) => {
      try {
        const position = decodeCursor(listName(key.kind, key.userId), after);
        const pages = await fetchPages(db, kind, [key.userId], first, position, viewerId);
        return toUserPage(key, pages.get(key.userId) ?? []);
      } catch (error) {
        return error as Error;
      }
    }),
  );
}
