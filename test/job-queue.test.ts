import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createPrisma, RedisJobQueue, SqlJobQueue, type JobQueue, type PrismaClient } from '@chorus/runtime';
import { createTestDatabase, servicesRequired, type TestDatabase } from './support/databases.ts';
import { eventually } from './support/eventually.ts';

const redisUrl = process.env.CHORUS_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
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

const kinds: ('sql' | 'redis')[] = servicesRequired || (await redisReachable()) ? ['sql', 'redis'] : ['sql'];

describe.each(kinds)('durable job queue (%s)', (kind) => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  const prefix = `chorus:test:${randomUUID()}:`;
  const queues: JobQueue[] = [];
  const open = () => {
    const queue = kind === 'sql' ? new SqlJobQueue(prisma) : RedisJobQueue.connect(redisUrl, prefix);
    queues.push(queue);
    return queue;
  };
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    prisma = createPrisma(database.url);
  });
  afterAll(async () => {
    for (const queue of queues) await queue.close();
    if (kind === 'redis') {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('keeps a job until a handler finishes it, retrying after failures', async () => {
    const queue = open();
    await queue.enqueue('q1', { n: 1 });
    await queue.enqueue('q1', { n: 2 });
    await expect(queue.drain('q1', async () => Promise.reject(new Error('not yet')))).rejects.toThrow('not yet');
    if (kind === 'sql') await prisma.job.updateMany({ data: { runAt: new Date(0) } }); // skip the backoff
    const seen: unknown[] = [];
    expect(await queue.drain('q1', async (payload) => void seen.push(payload))).toBe(2);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await queue.drain('q1', async () => {})).toBe(0);
  });

  it('hands jobs left by a worker that stopped to the next one', async () => {
    const first = open();
    await first.enqueue('q2', { n: 'survivor' });
    await first.close();
    const seen: unknown[] = [];
    const worker = open().work('q2', async (payload) => void seen.push(payload), { pollMs: 50, logger: createLogger('test', 'silent') });
    await eventually(async () => expect(seen).toEqual([{ n: 'survivor' }]));
    await worker.stop();
  });
});
