import { decodeCursor, requirePageSize, toPage, type KeysetPosition, type PrismaClient } from '@chorus/runtime';
import type { PostPage, PostRow } from './mappers.ts';

export const maxPageSize = 100;

export interface AuthorPageKey {
  authorId: string;
  first: number;
  after: string | null;
}

export function requirePostPageSize(first: number | null | undefined): number {
  return requirePageSize(first, 20, { max: maxPageSize });
}

function authorList(authorId: string): string {
  return `author:${authorId}`;
}

/** Every public post, newest first, by keyset on (createdAt, id). */
export async function recentPostsPage(
  db: PrismaClient,
  first: number | null | undefined,
  after: string | null | undefined,
  hiddenAuthors: Set<string>,
): Promise<PostPage> {
  const size = requirePostPageSize(first);
  const position = after == null ? null : decodeCursor('recent', after);
  const rows = await db.post.findMany({
    where: {
      ...(hiddenAuthors.size === 0 ? {} : { authorId: { notIn: [...hiddenAuthors] } }),
      ...(position === null
        ? {}
        : { OR: [{ createdAt: { lt: position.createdAt } }, { createdAt: position.createdAt, id: { lt: position.id } }] }),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: size + 1,
  });
  return toPage('recent', rows, size, (row) => row, (row) => row);
}

/**
 * A page of posts for each of many authors in two round trips whatever their
 * number: one LATERAL query picks each author's page of ids from the
 * (author, createdAt, id) index, one more loads those rows.
 */
async function pagesOf(
  db: PrismaClient,
  authorIds: string[],
  size: number,
  position: KeysetPosition | null,
): Promise<Map<string, PostRow[]>> {
  const picked = await db.$queryRaw<{ id: string; author: string }[]>`
    SELECT p.id::text AS id, o.author::text AS author
    FROM unnest(${authorIds}::uuid[]) AS o(author)
    CROSS JOIN LATERAL (
      SELECT id, created_at FROM timeline.post
      WHERE author_id = o.author
        AND (${position?.createdAt ?? null}::timestamptz IS NULL
             OR (created_at, id) < (${position?.createdAt ?? null}::timestamptz, ${position?.id ?? null}::uuid))
      ORDER BY created_at DESC, id DESC
      LIMIT ${size + 1}
    ) AS p`;
  const rows = await db.post.findMany({
    where: { id: { in: picked.map((row) => row.id) } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  const pages = new Map<string, PostRow[]>();
  for (const row of rows) pages.set(row.authorId, [...(pages.get(row.authorId) ?? []), row]);
  return pages;
}

/** Answers a batch of author pages that share size and cursor (the loader groups them so). */
export async function loadAuthorPages(db: PrismaClient, keys: AuthorPageKey[]): Promise<(PostPage | Error)[]> {
  const { first, after } = keys[0]!;
  const toAuthorPage = (key: AuthorPageKey, rows: PostRow[]) =>
    toPage(authorList(key.authorId), rows, key.first, (row) => row, (row) => row);
  if (after === null) {
    const pages = await pagesOf(db, keys.map((key) => key.authorId), first, null);
    return keys.map((key) => toAuthorPage(key, pages.get(key.authorId) ?? []));
  }
  // A cursor belongs to one author's list, so pages after a cursor are fetched one by one.
  return Promise.all(
    keys.map(async (key) => {
      try {
        const pages = await pagesOf(db, [key.authorId], first, decodeCursor(authorList(key.authorId), after));
        return toAuthorPage(key, pages.get(key.authorId) ?? []);
      } catch (error) {
        return error as Error;
      }
    }),
  );
}
