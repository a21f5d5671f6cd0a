import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Transaction } from '@chorus/runtime';
import type { StoredPost, TimelineStore } from '../src/store/timeline-store.ts';

const minute = 60_000;

function post(authorId: string, minutesAgo: number, body = `post ${minutesAgo}`): StoredPost {
  return { id: randomUUID(), authorId, body, mediaIds: [], createdAt: new Date(Date.now() - minutesAgo * minute), deletedAt: null };
}

const entryOf = (p: StoredPost) => ({ postId: p.id, authorId: p.authorId, createdAt: p.createdAt });

/**
 * What every TimelineStore must do; run against each implementation. The
 * posts span weeks, so bucketed stores are read across bucket boundaries.
 * `forget` runs forgetUser as the event consumer would (in a transaction).
 */
export function timelineStoreContract(store: () => TimelineStore, forget: (userId: string) => Promise<void>): void {
  it('stores a post once and reads it back by id, with its tombstone', async () => {
    const author = randomUUID();
    const p = { ...post(author, 1), mediaIds: [randomUUID()] };
    await store().putPost(p);
    await store().putPost(p); // idempotent
    expect((await store().getPosts([p.id, randomUUID()])).get(p.id)).toEqual(p);
    const at = new Date();
    await store().markDeleted(p.id, at);
    expect((await store().getPosts([p.id])).get(p.id)?.deletedAt?.getTime()).toBe(at.getTime());
  });

  it("pages an author's posts newest first across buckets", async () => {
    const author = randomUUID();
    // Up to 50 days back: several 7-day and 30-day buckets.
    const posts = [0, 3, 9, 17, 26, 35, 49].map((days) => post(author, days * 24 * 60));
    for (const p of posts) await store().putPost(p);
    const first = (await store().authorEntries([author], { before: null, limit: 4 })).get(author)!;
    expect(first.map((e) => e.postId)).toEqual(posts.slice(0, 4).map((p) => p.id));
    const rest = (await store().authorEntries([author], { before: first.at(-1)!, limit: 10 })).get(author)!;
    expect(rest.map((e) => e.postId)).toEqual(posts.slice(4).map((p) => p.id));
    const other = randomUUID();
    const both = await store().authorEntries([author, other], { before: null, limit: 2 });
    expect(both.get(author)!.map((e) => e.postId)).toEqual(posts.slice(0, 2).map((p) => p.id));
    expect(both.get(other)).toEqual([]);
  });

  it('pushes entries into many home timelines, idempotently, and pages them across buckets', async () => {
    const owners = [randomUUID(), randomUUID(), randomUUID()];
    const author = randomUUID();
    const posts = [1, 60, 4000, 12_000, 25_000].map((minutes) => post(author, minutes));
    for (const p of posts) {
      await store().pushToHomes(owners, entryOf(p));
      await store().pushToHomes(owners.slice(0, 1), entryOf(p));
    }
    for (const owner of owners) {
      const firstPage = await store().homeEntries(owner, { before: null, limit: 3 });
      expect(firstPage.map((e) => e.postId)).toEqual(posts.slice(0, 3).map((p) => p.id));
      const next = await store().homeEntries(owner, { before: firstPage.at(-1)!, limit: 3 });
      expect(next.map((e) => e.postId)).toEqual(posts.slice(3).map((p) => p.id));
      expect(next[0]).toEqual(entryOf(posts[3]!));
    }
  });

  it('counts home entries newer than a read position, up to a cap, and keeps the position', async () => {
    const owner = randomUUID();
    const author = randomUUID();
    const posts = [1, 2, 3, 4, 5, 10_000].map((minutes) => post(author, minutes));
    for (const p of posts) await store().pushToHomes([owner], entryOf(p));
    expect(await store().getReadPosition(owner)).toBeNull();
    expect(await store().countHomeNewer(owner, null, 100)).toBe(6);
    const position = { createdAt: posts[3]!.createdAt, postId: posts[3]!.id };
    await store().setReadPosition(owner, position);
    expect(await store().getReadPosition(owner)).toEqual(position);
    expect(await store().countHomeNewer(owner, position, 100)).toBe(3);
    expect(await store().countHomeNewer(owner, position, 2)).toBe(2);
  });

  it('keeps home entries for 30 days', async () => {
    const owner = randomUUID();
    const author = randomUUID();
    const fresh = post(author, 10);
    const stale = post(author, 31 * 24 * 60);
    await store().pushToHomes([owner], entryOf(fresh));
    await store().pushToHomes([owner], entryOf(stale));
    await store().expireHomeEntries();
    expect((await store().homeEntries(owner, { before: null, limit: 10 })).map((e) => e.postId)).toEqual([fresh.id]);
  });

  it('lists recent posts of everyone, newest first', async () => {
    const fresh = [post(randomUUID(), 0), post(randomUUID(), 0)];
    for (const p of fresh) await store().putPost(p);
    const recent = await store().recentEntries({ before: null, limit: 500 });
    const ids = recent.map((e) => e.postId);
    for (const p of fresh) expect(ids).toContain(p.id);
    for (let i = 1; i < recent.length; i++) expect(recent[i - 1]!.createdAt.getTime()).toBeGreaterThanOrEqual(recent[i]!.createdAt.getTime());
  });

  it('forgets a deleted user: their posts, their timeline and their read position', async () => {
    const user = randomUUID();
    const mine = post(user, 1);
    await store().putPost(mine);
    await store().pushToHomes([user], entryOf(post(randomUUID(), 2)));
    await store().setReadPosition(user, { createdAt: mine.createdAt, postId: mine.id });
    await forget(user);
    expect((await store().getPosts([mine.id])).size).toBe(0);
    expect((await store().authorEntries([user], { before: null, limit: 10 })).get(user)).toEqual([]);
    expect(await store().homeEntries(user, { before: null, limit: 10 })).toEqual([]);
    expect(await store().getReadPosition(user)).toBeNull();
  });
}

export type ForgetInTransaction = (tx: Transaction) => Promise<void>;
