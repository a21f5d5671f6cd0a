import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createPrisma, RedisJobQueue, SqlJobQueue, type JobQueue, type PrismaClient } from '@chorus/runtime';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { eventually } from './support/eventually.ts';
import { deleteRedisKeys, redisUrl, sqlAndRedisKinds, uniqueRedisPrefix } from './support/redis.ts';

describe.each(await sqlAndRedisKinds())('durable job queue (%s)', (kind) => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  const prefix = uniqueRedisPrefix();
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
    if (kind === 'redis') await deleteRedisKeys(prefix);
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

  it('counts the jobs of each queue not yet finished, failed ones included', async () => {
    const queue = open();
    expect(await queue.depth('q3')).toBe(0);
    for (const n of [1, 2, 3]) await queue.enqueue('q3', { n });
    await queue.enqueue('q4', { n: 4 });
    expect([await queue.depth('q3'), await queue.depth('q4')]).toEqual([3, 1]);
    // A job whose handler failed is still owed: it stays counted until it succeeds.
    await expect(queue.drain('q4', async () => Promise.reject(new Error('later')))).rejects.toThrow('later');
    expect(await queue.depth('q4')).toBe(1);
    expect(await queue.drain('q3', async () => {})).toBe(3);
    expect([await queue.depth('q3'), await queue.depth('q4')]).toEqual([0, 1]);
  });
});
