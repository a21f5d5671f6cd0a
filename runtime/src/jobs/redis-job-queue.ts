import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import type { JobHandler, JobQueue, Worker } from './job-queue.ts';

const group = 'workers';
/** A job a worker took but did not acknowledge within this long is taken over by another (or retried). */
const retryAfterMs = 5_000;

type StreamEntry = [id: string, fields: string[]];

/**
 * Jobs in Redis streams, one stream per queue, consumed by a consumer group:
 * a job stays pending until a handler acknowledges it, and pending jobs whose
 * worker died or failed are claimed again after a while (XAUTOCLAIM). How
 * much survives a Redis restart depends on Redis's own persistence settings.
 */
export class RedisJobQueue implements JobQueue {
  readonly kind = 'redis' as const;
  private readonly consumer = `worker-${randomUUID()}`;
  private readonly groups = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'chorus:jobs:',
  ) {}

  static connect(url: string, prefix?: string): RedisJobQueue {
    return new RedisJobQueue(new Redis(url, { maxRetriesPerRequest: 3 }), prefix);
  }

  private key(queue: string): string {
    return `${this.prefix}${queue}`;
  }

  private async ensureGroup(queue: string): Promise<void> {
    if (this.groups.has(queue)) return;
    try {
      await this.redis.xgroup('CREATE', this.key(queue), group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    this.groups.add(queue);
  }

  async enqueue(queue: string, payload: unknown): Promise<void> {
    await this.redis.xadd(this.key(queue), '*', 'payload', JSON.stringify(payload));
  }

  /** Runs one entry; acknowledged (and removed) only when the handler succeeded. */
  private async runEntry(queue: string, [id, fields]: StreamEntry, handler: JobHandler): Promise<void> {
    const payload = JSON.parse(fields[fields.indexOf('payload') + 1] ?? 'null') as unknown;
    await handler(payload);
    await this.redis.multi().xack(this.key(queue), group, id).xdel(this.key(queue), id).exec();
  }

  private async claimStale(queue: string, minIdleMs: number): Promise<StreamEntry[]> {
    const [, entries] = (await this.redis.xautoclaim(this.key(queue), group, this.consumer, minIdleMs, '0', 'COUNT', 20)) as [
      string,
      StreamEntry[],
    ];
    return entries.filter((entry) => entry[1] !== null);
  }

  private async readNew(queue: string, blockMs: number | null): Promise<StreamEntry[]> {
    const args: (string | number)[] = ['GROUP', group, this.consumer, 'COUNT', 20];
    if (blockMs !== null) args.push('BLOCK', blockMs);
    const result = (await (this.redis.xreadgroup as (...a: (string | number)[]) => Promise<unknown>)(
      ...args,
      'STREAMS',
      this.key(queue),
      '>',
    )) as [string, StreamEntry[]][] | null;
    return result?.[0]?.[1] ?? [];
  }

  async drain(queue: string, handler: JobHandler): Promise<number> {
    await this.ensureGroup(queue);
    let done = 0;
    for (;;) {
      const entries = [...(await this.claimStale(queue, 0)), ...(await this.readNew(queue, null))];
      if (entries.length === 0) return done;
      for (const entry of entries) {
        await this.runEntry(queue, entry, handler);
        done++;
      }
    }
  }

  work(queue: string, handler: JobHandler, options: { pollMs: number; logger: Logger }): Worker {
    let stopped = false;
    // A blocking read holds its connection, so each worker reads on its own one.
    const reader = this.redis.duplicate();
    const readerQueue = new RedisJobQueue(reader, this.prefix);
    const loop = (async () => {
      while (!stopped) {
        try {
          await this.ensureGroup(queue);
          const entries = [...(await this.claimStale(queue, retryAfterMs)), ...(await readerQueue.readNew(queue, options.pollMs))];
          await Promise.all(
            entries.map((entry) =>
              this.runEntry(queue, entry, handler).catch((error: unknown) =>
                options.logger.warn({ err: error, queue }, 'job failed; it will be retried'),
              ),
            ),
          );
        } catch (error) {
          if (stopped) break;
          options.logger.error({ err: error, queue }, 'job queue unavailable; will retry');
          await new Promise((resolve) => setTimeout(resolve, options.pollMs * 4));
        }
      }
    })();
    return {
      async stop() {
        stopped = true;
        reader.disconnect();
        await loop;
      },
    };
  }

  /** A finished job is deleted from its stream (runEntry), so the stream's length is what is left. */
  async depth(queue: string): Promise<number> {
    return this.redis.xlen(this.key(queue));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
