import { Redis } from 'ioredis';
import type { PubSub } from '@chorus/runtime';
import { topics } from './topics.ts';

export interface PresenceNotice {
  userId: string;
  online: boolean;
}

/**
 * Who is online: a user is online while they hold at least one live
 * subscription on any chat instance. The first connection announces
 * "online", the last one to close announces "offline".
 */
export interface PresenceTracker {
  /** Counts a connection of the user; returns the function that ends it. */
  connect(userId: string): Promise<() => Promise<void>>;
  online(userIds: readonly string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

export class LocalPresence implements PresenceTracker {
  private readonly connections = new Map<string, number>();
  constructor(private readonly pubsub: PubSub) {}

  async connect(userId: string) {
    const count = (this.connections.get(userId) ?? 0) + 1;
    this.connections.set(userId, count);
    if (count === 1) await this.pubsub.publish(topics.presence(userId), { userId, online: true } satisfies PresenceNotice);
    let ended = false;
    return async () => {
      if (ended) return;
      ended = true;
      const left = (this.connections.get(userId) ?? 1) - 1;
      if (left > 0) {
        this.connections.set(userId, left);
        return;
      }
      this.connections.delete(userId);
      await this.pubsub.publish(topics.presence(userId), { userId, online: false } satisfies PresenceNotice);
    };
  }

  async online(userIds: readonly string[]) {
    return new Set(userIds.filter((id) => this.connections.has(id)));
  }

  async close() {}
}

/** Adds to a user's connection count and returns the new count, atomically across instances. */
const adjustScript = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count <= 0 then redis.call('DEL', KEYS[1]) return 0 end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return count`;

/** How long a count lives without being renewed: what a crashed instance leaves behind expires. */
const ttlSeconds = 120;

/** Connection counts in Redis, shared by every chat instance. */
export class RedisPresence implements PresenceTracker {
  private readonly redis: Redis;
  private readonly local = new Map<string, number>();
  private readonly renew: NodeJS.Timeout;

  constructor(url: string, private readonly prefix: string, private readonly pubsub: PubSub) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3 });
    this.renew = setInterval(() => {
      const keys = [...this.local.keys()];
      if (keys.length > 0) {
        const pipeline = this.redis.pipeline();
        for (const userId of keys) pipeline.expire(this.key(userId), ttlSeconds);
        pipeline.exec().catch(() => {});
      }
    }, (ttlSeconds / 3) * 1000).unref();
  }

  private key(userId: string) {
    return `${this.prefix}${userId}`;
  }

  private async adjust(userId: string, by: number): Promise<number> {
    return Number(await this.redis.eval(adjustScript, 1, this.key(userId), by, ttlSeconds));
  }

  async connect(userId: string) {
    this.local.set(userId, (this.local.get(userId) ?? 0) + 1);
    if ((await this.adjust(userId, 1)) === 1) {
      await this.pubsub.publish(topics.presence(userId), { userId, online: true } satisfies PresenceNotice);
    }
    let ended = false;
    return async () => {
      if (ended) return;
      ended = true;
      const left = (this.local.get(userId) ?? 1) - 1;
      if (left > 0) this.local.set(userId, left);
      else this.local.delete(userId);
      if ((await this.adjust(userId, -1)) === 0) {
        await this.pubsub.publish(topics.presence(userId), { userId, online: false } satisfies PresenceNotice);
      }
    };
  }

  async online(userIds: readonly string[]) {
    if (userIds.length === 0) return new Set<string>();
    const counts = await this.redis.mget(userIds.map((id) => this.key(id)));
    return new Set(userIds.filter((_, index) => Number(counts[index] ?? 0) > 0));
  }

  async close() {
    clearInterval(this.renew);
    this.redis.disconnect();
  }
}
