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

/**
 * The online/offline edges, whatever keeps the counts: the first
 * connection announces "online", the last one to end "offline".
 */
abstract class CountedPresence implements PresenceTracker {
  constructor(private readonly pubsub: PubSub) {}

  /** Adds `by` to the user's connection count and returns the new count, atomically. */
  protected abstract adjust(userId: string, by: 1 | -1): Promise<number>;
  abstract online(userIds: readonly string[]): Promise<Set<string>>;
  abstract close(): Promise<void>;

  private announce(userId: string, online: boolean): Promise<void> {
    return this.pubsub.publish(topics.presence(userId), { userId, online } satisfies PresenceNotice);
  }

  async connect(userId: string) {
    if ((await this.adjust(userId, 1)) === 1) await this.announce(userId, true);
    let ended = false;
    return async () => {
      if (ended) return;
      ended = true;
      if ((await this.adjust(userId, -1)) === 0) await this.announce(userId, false);
    };
  }
}

export class LocalPresence extends CountedPresence {
  private readonly connections = new Map<string, number>();

  protected async adjust(userId: string, by: 1 | -1) {
    const count = Math.max(0, (this.connections.get(userId) ?? 0) + by);
    if (count === 0) this.connections.delete(userId);
    else this.connections.set(userId, count);
    return count;
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
export class RedisPresence extends CountedPresence {
  private readonly redis: Redis;
  /** This instance's own connections per user: the counts it keeps alive. */
  private readonly local = new Map<string, number>();
  private readonly renew: NodeJS.Timeout;

  constructor(url: string, private readonly prefix: string, pubsub: PubSub) {
    super(pubsub);
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

  protected async adjust(userId: string, by: 1 | -1): Promise<number> {
    const mine = (this.local.get(userId) ?? 0) + by;
    if (mine > 0) this.local.set(userId, mine);
    else this.local.delete(userId);
    return Number(await this.redis.eval(adjustScript, 1, this.key(userId), by, ttlSeconds));
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
