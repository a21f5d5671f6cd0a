import type { PrismaClient, Transaction } from '@chorus/runtime';
import { homeRetentionDays, type PageRequest, type Position, type StoredPost, type TimelineEntry, type TimelineStore } from './timeline-store.ts';

function olderThan(before: Position | null) {
  return before === null
    ? {}
    : { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, postId: { lt: before.postId } }] };
}

/** The TimelineStore on the embedded (or any) PostgreSQL: for running with no other service. */
export class SqlTimelineStore implements TimelineStore {
  readonly kind = 'sql' as const;
  constructor(private readonly db: PrismaClient) {}

  async putPost(post: StoredPost): Promise<void> {
    await this.db.post.upsert({ where: { id: post.id }, create: post, update: {} });
  }

  async getPosts(ids: readonly string[]): Promise<Map<string, StoredPost>> {
    const rows = await this.db.post.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((row) => [row.id, row]));
  }

  async markDeleted(postId: string, at: Date): Promise<void> {
    await this.db.post.updateMany({ where: { id: postId, deletedAt: null }, data: { deletedAt: at } });
  }

  async authorEntries(authorIds: readonly string[], page: PageRequest): Promise<Map<string, TimelineEntry[]>> {
    // One LATERAL query walks each author's (author, createdAt, id) index and stops after the page.
    const rows = await this.db.$queryRaw<{ postId: string; authorId: string; createdAt: Date }[]>`
      SELECT p.id::text AS "postId", o.author::text AS "authorId", p.created_at AS "createdAt"
      FROM unnest(${[...authorIds]}::uuid[]) AS o(author)
      CROSS JOIN LATERAL (
        SELECT id, created_at FROM timeline.post
        WHERE author_id = o.author
          AND (${page.before?.createdAt ?? null}::timestamptz IS NULL
               OR (created_at, id) < (${page.before?.createdAt ?? null}::timestamptz, ${page.before?.postId ?? null}::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT ${page.limit}
      ) AS p
      ORDER BY p.created_at DESC, p.id DESC`;
    const entries = new Map<string, TimelineEntry[]>(authorIds.map((id) => [id, []]));
    for (const row of rows) entries.get(row.authorId)!.push(row);
    return entries;
  }

  async recentEntries(page: PageRequest): Promise<TimelineEntry[]> {
    const before = page.before;
    const rows = await this.db.post.findMany({
      where: before === null ? {} : { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.postId } }] },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit,
      select: { id: true, authorId: true, createdAt: true },
    });
    return rows.map((row) => ({ postId: row.id, authorId: row.authorId, createdAt: row.createdAt }));
  }

  async pushToHomes(ownerIds: readonly string[], entry: TimelineEntry): Promise<void> {
    await this.db.homeEntry.createMany({
      data: ownerIds.map((ownerId) => ({ ownerId, createdAt: entry.createdAt, postId: entry.postId, authorId: entry.authorId })),
      skipDuplicates: true,
    });
  }

  async homeEntries(ownerId: string, page: PageRequest): Promise<TimelineEntry[]> {
    const rows = await this.db.homeEntry.findMany({
      where: { ownerId, ...olderThan(page.before) },
      orderBy: [{ createdAt: 'desc' }, { postId: 'desc' }],
      take: page.limit,
    });
    return rows.map((row) => ({ postId: row.postId, authorId: row.authorId, createdAt: row.createdAt }));
  }

  async countHomeNewer(ownerId: string, after: Position | null, cap: number): Promise<number> {
    const rows = await this.db.homeEntry.findMany({
      where: {
        ownerId,
        ...(after === null
          ? {}
          : { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, postId: { gt: after.postId } }] }),
      },
      take: cap,
      select: { postId: true },
    });
    return rows.length;
  }

  async expireHomeEntries(): Promise<number> {
    const cutoff = new Date(Date.now() - homeRetentionDays * 24 * 3600 * 1000);
    return (await this.db.homeEntry.deleteMany({ where: { createdAt: { lt: cutoff } } })).count;
  }

  async getReadPosition(ownerId: string): Promise<Position | null> {
    const row = await this.db.readPosition.findUnique({ where: { ownerId } });
    return row === null ? null : { createdAt: row.createdAt, postId: row.postId };
  }

  async setReadPosition(ownerId: string, position: Position): Promise<void> {
    await this.db.readPosition.upsert({
      where: { ownerId },
      create: { ownerId, createdAt: position.createdAt, postId: position.postId },
      update: { createdAt: position.createdAt, postId: position.postId },
    });
  }

  async forgetUser(userId: string, tx: Transaction): Promise<void> {
    await tx.homeEntry.deleteMany({ where: { OR: [{ ownerId: userId }, { authorId: userId }] } });
    await tx.readPosition.deleteMany({ where: { ownerId: userId } });
    await tx.post.deleteMany({ where: { authorId: userId } });
  }

  async close(): Promise<void> {}
}
