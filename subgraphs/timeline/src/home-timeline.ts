import type { PrismaClient, TimelineConfig } from '@chorus/runtime';
import { celebritiesAmong, followeesOf, markSeen, mutedBy } from './projections.ts';
import { compareNewestFirst, type Position, type StoredPost, type TimelineEntry, type TimelineStore } from './store/timeline-store.ts';

/** How many entries a rebuilt timeline starts with, and how far back a pull looks per author. */
export const rebuildSize = 200;

export interface HomeDeps {
  db: PrismaClient;
  store: TimelineStore;
  settings: TimelineConfig;
}

/**
 * A returning (inactive) reader missed the pushes: their timeline is rebuilt
 * by pulling each followee's recent posts, then they count as active again.
 */
async function rebuildIfInactive(deps: HomeDeps, viewerId: string, followees: string[]): Promise<void> {
  const activity = await deps.db.timelineActivity.findUnique({ where: { userId: viewerId } });
  const age = activity === null ? Infinity : Date.now() - activity.lastSeenAt.getTime();
  if (age < deps.settings.activeDays * 24 * 3600 * 1000) {
    // Still active: note the visit, at most hourly, so pushes keep coming.
    if (age > 3600 * 1000) await markSeen(deps.db, viewerId);
    return;
  }
  const pulled = await deps.store.authorEntries([viewerId, ...followees], { before: null, limit: 20 });
  const newest = [...pulled.values()].flat().sort(compareNewestFirst).slice(0, rebuildSize);
  for (const entry of newest) await deps.store.pushToHomes([viewerId], entry);
  await markSeen(deps.db, viewerId);
}

export interface HomePage {
  entries: { entry: TimelineEntry; post: StoredPost }[];
  hasNextPage: boolean;
}

/**
 * One page of the viewer's home timeline: pushed entries merged with the
 * celebrities' posts pulled now, newest first, each post once. Left out:
 * authors no longer followed, muted or blocked either way, deleted posts.
 */
export async function readHome(
  deps: HomeDeps,
  viewerId: string,
  first: number,
  before: Position | null,
  hidden: Set<string>,
): Promise<HomePage> {
  const followees = await followeesOf(deps.db, viewerId);
  await rebuildIfInactive(deps, viewerId, followees);
  const [celebrities, muted] = await Promise.all([celebritiesAmong(deps.db, followees, deps.settings), mutedBy(deps.db, viewerId)]);
  const allowed = new Set([viewerId, ...followees]);
  const visible = (entry: TimelineEntry) => allowed.has(entry.authorId) && !muted.has(entry.authorId) && !hidden.has(entry.authorId);

  const page: HomePage['entries'] = [];
  let cursor = before;
  // Filtering may drop entries, so read in rounds until the page is full or the sources run dry.
  for (let round = 0; round < 5 && page.length <= first; round++) {
    const want = (first + 1) * 2;
    const [pushed, pulled] = await Promise.all([
      deps.store.homeEntries(viewerId, { before: cursor, limit: want }),
      celebrities.size === 0 ? new Map<string, TimelineEntry[]>() : deps.store.authorEntries([...celebrities], { before: cursor, limit: want }),
    ]);
    const seen = new Set(page.map((item) => item.entry.postId));
    const candidates = [...pushed, ...[...pulled.values()].flat()]
      .sort(compareNewestFirst)
      .filter((entry) => !seen.has(entry.postId) && (seen.add(entry.postId), true));
    if (candidates.length === 0) break;
    const posts = await deps.store.getPosts(candidates.filter(visible).map((entry) => entry.postId));
    for (const entry of candidates) {
      const post = posts.get(entry.postId);
      if (visible(entry) && post !== undefined && post.deletedAt === null) page.push({ entry, post });
    }
    cursor = candidates.at(-1)!;
    if (pushed.length < want && [...pulled.values()].every((entries) => entries.length < want)) break;
  }
  page.sort((a, b) => compareNewestFirst(a.entry, b.entry));
  return { entries: page.slice(0, first), hasNextPage: page.length > first };
}

/** New posts since the viewer's read position, counted by offset (no stored counters), capped. */
export async function countNewPosts(deps: HomeDeps, viewerId: string, cap: number, hidden: Set<string>): Promise<number> {
  const position = await deps.store.getReadPosition(viewerId);
  const followees = await followeesOf(deps.db, viewerId);
  const celebrities = await celebritiesAmong(deps.db, followees, deps.settings);
  const pushed = await deps.store.countHomeNewer(viewerId, position, cap);
  if (celebrities.size === 0) return pushed;
  const pulled = await deps.store.authorEntries([...celebrities], { before: null, limit: cap });
  const newer = [...pulled.values()].flat().filter((entry) => !hidden.has(entry.authorId) && (position === null || compareNewestFirst(entry, position) < 0));
  return Math.min(cap, pushed + newer.length);
}

export async function markRead(deps: HomeDeps, viewerId: string, position: Position | null): Promise<void> {
  if (position !== null) {
    await deps.store.setReadPosition(viewerId, position);
    return;
  }
  const [newest] = await deps.store.homeEntries(viewerId, { before: null, limit: 1 });
  if (newest) await deps.store.setReadPosition(viewerId, newest);
}
