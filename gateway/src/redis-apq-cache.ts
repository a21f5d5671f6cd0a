import { Redis } from 'ioredis';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';

/**
 * Automatic persisted queries in Redis, so a hash registered through one
 * gateway instance is known to all. Entries expire (one day by default), so
 * the cache cannot grow without bound.
 */
export class RedisApqCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly defaultTtlSeconds = 24 * 3600,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await this.redis.set(this.prefix + key, value, 'EX', options?.ttl ?? this.defaultTtlSeconds);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key)) > 0;
  }

  close(): void {
    this.redis.disconnect();
  }
}
