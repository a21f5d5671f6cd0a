import type { Logger } from '../logger.ts';
import { startPollLoop } from '../poll-loop.ts';
import type { Prisma, PrismaClient, Transaction } from '../db/prisma.ts';

export type JobHandler = (payload: unknown) => Promise<void>;

export interface Worker {
  stop(): Promise<void>;
}

/**
 * Background work that must not be lost: a job is kept until a handler
 * finishes it, survives a restart of the worker, and is retried (with
 * backoff) when the handler fails.
 */
export interface JobQueue {
  readonly kind: 'sql' | 'redis';
  /** With `tx`, a SQL queue enqueues inside that transaction: the job exists exactly if it commits. */
  enqueue(queue: string, payload: unknown, tx?: Transaction): Promise<void>;
  /** Runs every job waiting now, then returns how many ran (for tests and draining). */
  drain(queue: string, handler: JobHandler): Promise<number>;
  work(queue: string, handler: JobHandler, options: { pollMs: number; logger: Logger }): Worker;
  /** Jobs of `queue` not yet finished: waiting, running, or waiting to be retried. */
  depth(queue: string): Promise<number>;
  close(): Promise<void>;
}

/** One named queue of a JobQueue, as a service declares it for its depth metric. */
export interface NamedQueue {
  queue: JobQueue;
  name: string;
}

/** How long a worker owns a claimed job before another may take it (a crashed worker's jobs come back). */
const leaseSeconds = 60;
const maxBackoffSeconds = 30;

/** Jobs in `platform.job`, claimed with FOR UPDATE SKIP LOCKED so any number of workers share them. */
export class SqlJobQueue implements JobQueue {
  readonly kind = 'sql' as const;
  constructor(private readonly db: PrismaClient) {}

  async enqueue(queue: string, payload: unknown, tx?: Transaction): Promise<void> {
    await (tx ?? this.db).job.create({ data: { queue, payload: payload as Prisma.InputJsonValue } });
  }

  private claim(queue: string, limit: number) {
    return this.db.$queryRaw<{ id: bigint; payload: unknown; attempts: number }[]>`
      UPDATE platform.job SET locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM platform.job
        WHERE queue = ${queue} AND run_at <= now() AND (locked_until IS NULL OR locked_until < now())
        ORDER BY run_at, id LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, payload, attempts`;
  }

  private async runOne(job: { id: bigint; payload: unknown; attempts: number }, handler: JobHandler): Promise<boolean> {
    try {
      await handler(job.payload);
      await this.db.job.delete({ where: { id: job.id } });
      return true;
    } catch (error) {
      const delay = Math.min(maxBackoffSeconds, 2 ** Math.min(job.attempts, 5));
      await this.db.job
        .update({ where: { id: job.id }, data: { lockedUntil: null, runAt: new Date(Date.now() + delay * 1000) } })
        .catch(() => {}); // the lease runs out by itself if even this fails
      throw error;
    }
  }

  async drain(queue: string, handler: JobHandler): Promise<number> {
    let done = 0;
    for (;;) {
      const jobs = await this.claim(queue, 20);
      if (jobs.length === 0) return done;
      for (const [index, job] of jobs.entries()) {
        try {
          if (await this.runOne(job, handler)) done++;
        } catch (error) {
          // Hand back the jobs of this batch not yet tried, instead of sitting on their leases.
          const untried = jobs.slice(index + 1).map((rest) => rest.id);
          await this.db.job.updateMany({ where: { id: { in: untried } }, data: { lockedUntil: null } }).catch(() => {});
          throw error;
        }
      }
    }
  }

  work(queue: string, handler: JobHandler, options: { pollMs: number; logger: Logger }): Worker {
    return startPollLoop(async () => {
      try {
        const jobs = await this.claim(queue, 20);
        await Promise.all(
          jobs.map((job) =>
            this.runOne(job, handler).catch((error: unknown) =>
              options.logger.warn({ err: error, queue, attempts: job.attempts }, 'job failed; will retry'),
            ),
          ),
        );
        return jobs.length > 0 ? 0 : options.pollMs;
      } catch (error) {
        options.logger.error({ err: error, queue }, 'job queue unavailable; will retry');
        return options.pollMs * 4;
      }
    });
  }

  async depth(queue: string): Promise<number> {
    return this.db.job.count({ where: { queue } });
  }

  async close(): Promise<void> {}
}
