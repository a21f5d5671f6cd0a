import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { servicesRequired } from './databases.ts';

/** The Redis the tests use; every test run keeps to keys under its own prefix. */
export const redisUrl = process.env.CHORUS_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export async function redisReachable(): Promise<boolean> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * The stores a Redis-or-SQL component is tested on: always SQL, and Redis
 * when it answers (or when CI requires it, so that its absence fails loudly).
 */
export async function sqlAndRedisKinds(): Promise<('sql' | 'redis')[]> {
  if (servicesRequired || (await redisReachable())) return ['sql', 'redis'];
  console.warn(`Redis at ${redisUrl} is not reachable: its tests are skipped.`);
  return ['sql'];
}

/** A key prefix no other test run uses. */
export function uniqueRedisPrefix(): string {
  return `chorus:test:${randomUUID()}:`;
}

/** Removes every key under `prefix`. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
