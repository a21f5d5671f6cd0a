import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrisma, RedisRateLimiter, SqlRateLimiter, type PrismaClient, type RateLimiter } from '@chorus/runtime';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { eventually } from './support/eventually.ts';
import { deleteRedisKeys, redisUrl, sqlAndRedisKinds, uniqueRedisPrefix } from './support/redis.ts';

// The same token bucket whichever store holds it; the Redis one is what the public API uses when Redis is configured.
describe.each(await sqlAndRedisKinds())('token bucket rate limiter (%s)', (kind) => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  const prefix = uniqueRedisPrefix();
  const limiters: RateLimiter[] = [];
  /** A limiter as one more service instance would have it: its own connection to the shared store. */
  const open = (): RateLimiter => {
    const limiter = kind === 'sql' ? new SqlRateLimiter(prisma) : RedisRateLimiter.connect(redisUrl, prefix);
    limiters.push(limiter);
    return limiter;
  };
  const newKey = () => `test:${randomUUID()}`;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    prisma = createPrisma(database.url);
  });
  afterAll(async () => {
    for (const limiter of limiters) await limiter.close();
    if (kind === 'redis') await deleteRedisKeys(prefix);
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('allows a burst up to capacity, then refuses with a Retry-After, and a refusal takes nothing', async () => {
    const limiter = open();
    const key = newKey();
    const bucket = { capacity: 3, refillPerSecond: 1 / 60 };
    for (let i = 0; i < 3; i++) expect(await limiter.take(key, bucket)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    const first = await limiter.take(key, bucket);
    expect(first.allowed).toBe(false);
    // One token every 60 s: the next one is at most a minute away, and at least a second.
    expect(first.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(first.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Were refusals charged, the bucket would go into debt and the wait would grow by a minute each time.
    let last = first;
    for (let i = 0; i < 5; i++) last = await limiter.take(key, bucket);
    expect(last.allowed).toBe(false);
    expect(last.retryAfterSeconds).toBeLessThanOrEqual(first.retryAfterSeconds);
    // Another key has a bucket of its own.
    expect((await limiter.take(newKey(), bucket)).allowed).toBe(true);
    if (kind === 'redis') {
      // The bucket expires once it would have refilled (3 tokens at one a minute: within 3 minutes and a second).
      const redis = new Redis(redisUrl);
      const ttl = await redis.ttl(`${prefix}${key}`);
      redis.disconnect();
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(181);
    }
  });

  it('refills over time, never beyond capacity', async () => {
    const limiter = open();
    const key = newKey();
    // 5 tokens a second: a refusal waits at most a second, and a few hundred milliseconds refill one.
    const bucket = { capacity: 2, refillPerSecond: 5 };
    expect((await limiter.take(key, bucket)).allowed).toBe(true);
    expect((await limiter.take(key, bucket)).allowed).toBe(true);
    expect(await limiter.take(key, bucket)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    await eventually(async () => expect((await limiter.take(key, bucket)).allowed).toBe(true), 5_000, 50);
    // Long enough to earn many more tokens than the capacity: still only a burst of two.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const burst = [];
    for (let i = 0; i < 3; i++) burst.push((await limiter.take(key, bucket)).allowed);
    expect(burst).toEqual([true, true, false]);
  });

  it('is one bucket for every instance', async () => {
    const [a, b] = [open(), open()];
    const key = newKey();
    const bucket = { capacity: 3, refillPerSecond: 1 / 60 };
    expect((await a.take(key, bucket)).allowed).toBe(true);
    expect((await b.take(key, bucket)).allowed).toBe(true);
    expect((await a.take(key, bucket)).allowed).toBe(true);
    expect((await b.take(key, bucket)).allowed).toBe(false);
    expect((await a.take(key, bucket)).allowed).toBe(false);
  });

  if (kind === 'redis') {
    // (The SQL bucket reads the database server's clock too, but the test's PGlite runs in this process, on its clock.)
    it("times refills by Redis's clock, not by the instances' own", async () => {
      const [a, b] = [open(), open()];
      const key = newKey();
      const bucket = { capacity: 2, refillPerSecond: 1 / 60 };
      expect((await a.take(key, bucket)).allowed).toBe(true);
      // An instance whose clock runs an hour ahead would refill the whole bucket if it timed refills itself.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3600_000 });
      try {
        expect((await b.take(key, bucket)).allowed).toBe(true);
        expect((await b.take(key, bucket)).allowed).toBe(false);
      } finally {
        vi.useRealTimers();
      }
      expect((await a.take(key, bucket)).allowed).toBe(false);
    });
  }
});
