import { decodeCursor, requirePageSize, toPage, type PrismaClient } from '@chorus/runtime';
import type { PostPage } from './mappers.ts';

export const maxPageSize = 100;

/**
 * Posts newest first, optionally by one author, by keyset on (createdAt, id).
 * The list name in the cursor keeps one list's cursor out of another.
 */
export async function postPage(
  db: PrismaClient,
  authorId: string | null,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<PostPage> {
  const size = requirePageSize(first, 20, { max: maxPageSize });
  const list = authorId === null ? 'recent' : `author:${authorId}`;
  const position = after == null ? null : decodeCursor(list, after);
  const rows = await db.post.findMany({
    where: {
      ...(authorId === null ? {} : { authorId }),
      ...(position === null
        ? {}
        : {
            OR: [
              { createdAt: { lt: position.createdAt } },
              { createdAt: position.createdAt, id: { lt: position.id } },
            ],
          }),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: size + 1,
  });
  return toPage(list, rows, size, (row) => row, (row) => row);
}
