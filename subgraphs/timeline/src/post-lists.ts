import { decodeCursor, encodeCursor, requirePageSize, type KeysetPosition } from '@chorus/runtime';
import type { TimelineContext } from './context.ts';
import type { PostPage, PostRow } from './mappers.ts';
import type { Position, TimelineEntry } from './store/timeline-store.ts';
import { readHome } from './home-timeline.ts';

export const maxPageSize = 100;

export function requirePostPageSize(first: number | null | undefined): number {
  return requirePageSize(first, 20, { max: maxPageSize });
}

function toPosition(position: KeysetPosition): Position {
  return { createdAt: position.createdAt, postId: position.id };
}

export function decodePosition(list: string, cursor: string | null | undefined): Position | null {
  return cursor == null ? null : toPosition(decodeCursor(list, cursor));
}

export function homeList(viewerId: string): string {
  return `home:${viewerId}`;
}

/**
 * A page from index entries (fetched with one extra to tell whether more
 * exist): bodies are loaded by id, content and index apart, and deleted or
 * hidden posts are skipped. The end cursor is the last entry read, so the
 * next page starts after it even when that entry was skipped.
 */
async function pageFromEntries(context: TimelineContext, list: string, entries: TimelineEntry[], size: number): Promise<PostPage> {
  const hidden = await context.blockedEitherWay();
  const shown = entries.slice(0, size);
  const posts = await context.loaders.postById.loadMany(shown.filter((entry) => !hidden.has(entry.authorId)).map((entry) => entry.postId));
  const rows = posts.filter((post): post is PostRow => post !== null && !(post instanceof Error) && post.deletedAt === null);
  const last = shown.at(-1);
  return {
    edges: rows.map((row) => ({ cursor: encodeCursor(list, { createdAt: row.createdAt, id: row.id }), node: row })),
    pageInfo: {
      hasNextPage: entries.length > size,
      endCursor: last === undefined ? null : encodeCursor(list, { createdAt: last.createdAt, id: last.postId }),
    },
  };
}

export async function recentPostsPage(context: TimelineContext, first: number | null | undefined, after: string | null | undefined) {
  const size = requirePostPageSize(first);
  const entries = await context.store.recentEntries({ before: decodePosition('recent', after), limit: size + 1 });
  return pageFromEntries(context, 'recent', entries, size);
}

export function authorList(authorId: string): string {
  return `author:${authorId}`;
}

export async function authorPostsPage(context: TimelineContext, authorId: string, first: number, after: string | null | undefined) {
  const entries = await context.loaders.authorEntries.load({ authorId, first, after: after ?? null });
  return pageFromEntries(context, authorList(authorId), entries, first);
}

export async function homePage(context: TimelineContext, viewerId: string, first: number | null | undefined, after: string | null | undefined) {
  const size = requirePostPageSize(first);
  const list = homeList(viewerId);
  const page = await readHome(context, viewerId, size, decodePosition(list, after), await context.blockedEitherWay());
  const edges = page.entries.map(({ entry, post }) => ({
    cursor: encodeCursor(list, { createdAt: entry.createdAt, id: entry.postId }),
    node: post,
  }));
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
