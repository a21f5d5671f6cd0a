import { decodeCursor } from '@chorus/runtime';
import type { AuthorPageKey } from './context.ts';
import type { TimelineEntry, TimelineStore } from './store/timeline-store.ts';

/** Many authors' pages in one store call; a page after a cursor belongs to one author, so those go one by one. */
export async function loadAuthorEntries(store: TimelineStore, keys: AuthorPageKey[]): Promise<(TimelineEntry[] | Error)[]> {
  const { first, after } = keys[0]!;
  if (after === null) {
    const pages = await store.authorEntries(keys.map((key) => key.authorId), { before: null, limit: first + 1 });
    return keys.map((key) => pages.get(key.authorId) ?? []);
  }
  return Promise.all(
    keys.map(async (key) => {
      try {
        const position = decodeCursor(`author:${key.authorId}`, after);
        const pages = await store.authorEntries([key.authorId], { before: { createdAt: position.createdAt, postId: position.id }, limit: first + 1 });
        return pages.get(key.authorId) ?? [];
      } catch (error) {
        return error as Error;
      }
    }),
  );
}
