import cassandra from 'cassandra-driver';
import type { Transaction } from '@chorus/runtime';
import { compareNewestFirst, homeRetentionDays, type PageRequest, type Position, type StoredPost, type TimelineEntry, type TimelineStore } from './timeline-store.ts';

const day = 24 * 3600 * 1000;
/** Bucket widths, in days (the README explains the numbers). */
export const buckets = { home: 7, author: 30, recent: 1 } as const;
/** Home and public timelines keep 30 days (their tables' TTL). */
const retentionDays = homeRetentionDays;

export function bucketOf(date: Date, days: number): number {
  return Math.floor(date.getTime() / (days * day));
}

type Row = cassandra.types.Row;

function toEntry(row: Row, authorId?: string): TimelineEntry {
  return {
    postId: String(row.get('post_id')),
    authorId: authorId ?? String(row.get('author_id')),
    createdAt: row.get('created_at') as Date,
  };
}

/** Statement options: prepared, and idempotent so the driver may retry them. */
const prepared = { prepare: true, isIdempotent: true };

/**
 * The TimelineStore on Apache Cassandra: posts by id, posts by
 * (author, 30-day bucket), home timelines by (owner, 7-day bucket), all
 * clustered newest first; reads walk buckets backwards until a page is full.
 */
export class CassandraTimelineStore implements TimelineStore {
  readonly kind = 'cassandra' as const;
  constructor(
    private readonly client: cassandra.Client,
    private readonly keyspace: string,
  ) {}

  private table(name: string): string {
    return `${this.keyspace}.${name}`;
  }

  async putPost(post: StoredPost): Promise<void> {
    const queries = [
      {
        query: `INSERT INTO ${this.table('posts')} (post_id, author_id, body, media_ids, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?)`,
        params: [post.id, post.authorId, post.body, post.mediaIds, post.createdAt, post.deletedAt],
      },
      {
        query: `INSERT INTO ${this.table('posts_by_author')} (author_id, bucket, created_at, post_id) VALUES (?, ?, ?, ?)`,
        params: [post.authorId, bucketOf(post.createdAt, buckets.author), post.createdAt, post.id],
      },
      {
        query: `INSERT INTO ${this.table('author_buckets')} (author_id, bucket) VALUES (?, ?)`,
        params: [post.authorId, bucketOf(post.createdAt, buckets.author)],
      },
      {
        query: `INSERT INTO ${this.table('recent_posts')} (bucket, created_at, post_id, author_id) VALUES (?, ?, ?, ?)`,
        params: [bucketOf(post.createdAt, buckets.recent), post.createdAt, post.id, post.authorId],
      },
    ];
    // A logged batch: the body and its indexes are written all or nothing, at QUORUM.
    await this.client.batch(queries, { prepare: true, consistency: cassandra.types.consistencies.quorum });
  }

  async getPosts(ids: readonly string[]): Promise<Map<string, StoredPost>> {
    const posts = new Map<string, StoredPost>();
    await Promise.all(
      [...new Set(ids)].map(async (id) => {
        const result = await this.client.execute(
          `SELECT post_id, author_id, body, media_ids, created_at, deleted_at FROM ${this.table('posts')} WHERE post_id = ?`,
          [id],
          prepared,
        );
        const row = result.first();
        if (!row) return;
        posts.set(id, {
          id,
          authorId: String(row.get('author_id')),
          body: row.get('body') as string,
          mediaIds: ((row.get('media_ids') as cassandra.types.Uuid[] | null) ?? []).map(String),
          createdAt: row.get('created_at') as Date,
          deletedAt: (row.get('deleted_at') as Date | null) ?? null,
        });
      }),
    );
    return posts;
  }

  async markDeleted(postId: string, at: Date): Promise<void> {
    await this.client.execute(`UPDATE ${this.table('posts')} SET deleted_at = ? WHERE post_id = ?`, [at, postId], prepared);
  }

  /** Rows of one clustered partition older than `before`, newest first. */
  private async slice(table: string, key: string, keyValue: string | null, bucket: number, before: Position | null, limit: number) {
    const partition = keyValue === null ? 'bucket = ?' : `${key} = ? AND bucket = ?`;
    const params: unknown[] = keyValue === null ? [bucket] : [keyValue, bucket];
    const older = before === null ? '' : ' AND (created_at, post_id) < (?, ?)';
    if (before !== null) params.push(before.createdAt, before.postId);
    const columns = table === 'posts_by_author' ? 'created_at, post_id' : 'created_at, post_id, author_id';
    const result = await this.client.execute(
      `SELECT ${columns} FROM ${this.table(table)} WHERE ${partition}${older} LIMIT ${limit}`,
      params,
      prepared,
    );
    return result.rows;
  }

  private async walk(
    table: 'home_timeline' | 'recent_posts',
    key: string,
    keyValue: string | null,
    widthDays: number,
    page: PageRequest,
  ): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = [];
    const newest = bucketOf(page.before?.createdAt ?? new Date(), widthDays);
    const oldest = bucketOf(new Date(Date.now() - retentionDays * day), widthDays);
    for (let bucket = newest; bucket >= oldest && entries.length < page.limit; bucket--) {
      const rows = await this.slice(table, key, keyValue, bucket, page.before, page.limit - entries.length);
      entries.push(...rows.map((row) => toEntry(row)));
    }
    return entries;
  }

  async authorEntries(authorIds: readonly string[], page: PageRequest): Promise<Map<string, TimelineEntry[]>> {
    const result = new Map<string, TimelineEntry[]>();
    await Promise.all(
      authorIds.map(async (authorId) => {
        const newest = bucketOf(page.before?.createdAt ?? new Date(), buckets.author);
        const known = await this.client.execute(
          `SELECT bucket FROM ${this.table('author_buckets')} WHERE author_id = ? AND bucket <= ?`,
          [authorId, newest],
          prepared,
        );
        const entries: TimelineEntry[] = [];
        for (const row of known.rows) {
          if (entries.length >= page.limit) break;
          const rows = await this.slice('posts_by_author', 'author_id', authorId, row.get('bucket') as number, page.before, page.limit - entries.length);
          entries.push(...rows.map((entryRow) => toEntry(entryRow, authorId)));
        }
        result.set(authorId, entries);
      }),
    );
    return result;
  }

  recentEntries(page: PageRequest): Promise<TimelineEntry[]> {
    return this.walk('recent_posts', 'bucket', null, buckets.recent, page);
  }

  async pushToHomes(ownerIds: readonly string[], entry: TimelineEntry): Promise<void> {
    // An entry lives 30 days from its post, not from its push (a backfilled old post expires sooner).
    const ttl = Math.floor((entry.createdAt.getTime() + retentionDays * day - Date.now()) / 1000);
    if (ttl <= 0) return;
    const query = `INSERT INTO ${this.table('home_timeline')} (owner_id, bucket, created_at, post_id, author_id) VALUES (?, ?, ?, ?, ?) USING TTL ?`;
    const bucket = bucketOf(entry.createdAt, buckets.home);
    // Single-partition inserts at bounded concurrency: each owner is its own partition, so a
    // multi-partition batch would only load one coordinator.
    await cassandra.concurrent.executeConcurrent(
      this.client,
      query,
      ownerIds.map((ownerId) => [ownerId, bucket, entry.createdAt, entry.postId, entry.authorId, ttl]),
      { concurrencyLevel: 64, executionProfile: undefined },
    );
  }

  homeEntries(ownerId: string, page: PageRequest): Promise<TimelineEntry[]> {
    return this.walk('home_timeline', 'owner_id', ownerId, buckets.home, page);
  }

  async countHomeNewer(ownerId: string, after: Position | null, cap: number): Promise<number> {
    let count = 0;
    const newest = bucketOf(new Date(), buckets.home);
    const oldest = Math.max(
      bucketOf(new Date(Date.now() - retentionDays * day), buckets.home),
      after === null ? -Infinity : bucketOf(after.createdAt, buckets.home),
    );
    for (let bucket = newest; bucket >= oldest && count < cap; bucket--) {
      const params: unknown[] = [ownerId, bucket];
      const newer = after === null ? '' : ' AND (created_at, post_id) > (?, ?)';
      if (after !== null) params.push(after.createdAt, after.postId);
      const result = await this.client.execute(
        `SELECT post_id FROM ${this.table('home_timeline')} WHERE owner_id = ? AND bucket = ?${newer} LIMIT ${cap - count}`,
        params,
        prepared,
      );
      count += result.rowLength;
    }
    return count;
  }

  /** The home_timeline table's TTL expires entries by itself. */
  async expireHomeEntries(): Promise<number> {
    return 0;
  }

  async getReadPosition(ownerId: string): Promise<Position | null> {
    const row = (await this.client.execute(`SELECT created_at, post_id FROM ${this.table('read_positions')} WHERE owner_id = ?`, [ownerId], prepared)).first();
    return row ? { createdAt: row.get('created_at') as Date, postId: String(row.get('post_id')) } : null;
  }

  async setReadPosition(ownerId: string, position: Position): Promise<void> {
    await this.client.execute(
      `INSERT INTO ${this.table('read_positions')} (owner_id, created_at, post_id) VALUES (?, ?, ?)`,
      [ownerId, position.createdAt, position.postId],
      prepared,
    );
  }

  async forgetUser(userId: string, _tx: Transaction): Promise<void> {
    const authorBuckets = await this.client.execute(`SELECT bucket FROM ${this.table('author_buckets')} WHERE author_id = ?`, [userId], prepared);
    for (const row of authorBuckets.rows) {
      const bucket = row.get('bucket') as number;
      const posts = await this.client.execute(
        `SELECT post_id FROM ${this.table('posts_by_author')} WHERE author_id = ? AND bucket = ?`,
        [userId, bucket],
        prepared,
      );
      for (const post of posts.rows) {
        await this.client.execute(`DELETE FROM ${this.table('posts')} WHERE post_id = ?`, [post.get('post_id')], prepared);
      }
      await this.client.execute(`DELETE FROM ${this.table('posts_by_author')} WHERE author_id = ? AND bucket = ?`, [userId, bucket], prepared);
    }
    await this.client.execute(`DELETE FROM ${this.table('author_buckets')} WHERE author_id = ?`, [userId], prepared);
    const newest = bucketOf(new Date(), buckets.home);
    const oldest = bucketOf(new Date(Date.now() - retentionDays * day), buckets.home);
    for (let bucket = newest; bucket >= oldest; bucket--) {
      await this.client.execute(`DELETE FROM ${this.table('home_timeline')} WHERE owner_id = ? AND bucket = ?`, [userId, bucket], prepared);
    }
    await this.client.execute(`DELETE FROM ${this.table('read_positions')} WHERE owner_id = ?`, [userId], prepared);
  }

  async close(): Promise<void> {
    await this.client.shutdown();
  }
}

export { compareNewestFirst };
