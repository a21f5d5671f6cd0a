import type { Config } from './config.ts';
import type { PrismaClient } from './db/prisma.ts';
import { SqlRateLimiter, type RateLimiter } from './rate-limit.ts';
import { RedisRateLimiter } from './redis-rate-limit.ts';

/** Redis when configured (buckets shared by every instance, off the database), else platform.rate_limit. */
export function openRateLimiter(config: Pick<Config, 'redisUrl' | 'redisPrefix'>, db: PrismaClient): RateLimiter {
  return config.redisUrl ? RedisRateLimiter.connect(config.redisUrl, `${config.redisPrefix}rate-limit:`) : new SqlRateLimiter(db);
}
