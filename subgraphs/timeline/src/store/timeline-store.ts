import type { Transaction } from '@chorus/runtime';

/** How long home-timeline entries are kept; older posts stay reachable on their author's list. */
export const homeRetentionDays = 30;

/** A place in a newest-first list: entries are ordered by (createdAt, postId), both descending. */
export interface Position {
  createdAt: Date;
  postId: string;
}

export interface StoredPost {
  id: string;
  authorId: string;
  body: string;
  mediaIds: string[];
  createdAt: Date;
  deletedAt: Date | null;
}

/** One line of a timeline: just enough to order, filter and then fetch the post (content and index apart). */
export interface TimelineEntry {
  postId: string;
  authorId: string;
  createdAt: Date;
}

export interface PageRequest {
  /** Entries strictly older than this position; null for the newest. */
  before: Position | null;
  limit: number;
}

/**
 * Where posts and home timelines live. Two implementations keep one
 * contract (tested by one suite): Apache Cassandra, and the embedded SQL
 * database for the no-service default.
 */
export interface TimelineStore {
  readonly kind: 'cassandra' | 'sql';
  /** Stores the body once (by id) and the author's index entry. Succeeds durably or throws. */
  putPost(post: StoredPost): Promise<void>;
  getPosts(ids: readonly string[]): Promise<Map<string, StoredPost>>;
  /** A tombstone: timelines that still hold the id skip it when read. */
  markDeleted(postId: string, at: Date): Promise<void>;
  /** Each author's posts, newest first (deleted ones included; readers filter). */
  authorEntries(authorIds: readonly string[], page: PageRequest): Promise<Map<string, TimelineEntry[]>>;
  /** Every post, newest first: the public timeline. */
  recentEntries(page: PageRequest): Promise<TimelineEntry[]>;
  /** Adds one entry to many home timelines (fan-out). Idempotent. */
  pushToHomes(ownerIds: readonly string[], entry: TimelineEntry): Promise<void>;
  homeEntries(ownerId: string, page: PageRequest): Promise<TimelineEntry[]>;
  /** Entries of a home timeline newer than `after`, counted up to `cap`. */
  countHomeNewer(ownerId: string, after: Position | null, cap: number): Promise<number>;
  getReadPosition(ownerId: string): Promise<Position | null>;
  setReadPosition(ownerId: string, position: Position): Promise<void>;
  /**
   * Drops home-timeline entries past the retention (30 days). Cassandra does
   * it with a table TTL; the SQL store is called periodically by the worker.
   */
  expireHomeEntries(): Promise<number>;
  /**
   * Removes everything stored for a deleted user. Called inside the event
   * consumer's transaction, which a SQL store must use (its own connection
   * would wait on that transaction); a failure rolls the event back for a retry.
   */
  forgetUser(userId: string, tx: Transaction): Promise<void>;
  close(): Promise<void>;
}

/** Newest first by (createdAt, postId). */
export function compareNewestFirst(a: TimelineEntry | Position, b: TimelineEntry | Position): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.postId < b.postId ? 1 : a.postId > b.postId ? -1 : 0;
}

export function isOlderThan(entry: TimelineEntry, position: Position): boolean {
  return compareNewestFirst(position, entry) < 0;
}
