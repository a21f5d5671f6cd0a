import { Redis } from 'ioredis';
import type { RateLimiter, TokenBucket, TokenDecision } from './rate-limit.ts';

/**
 * The token bucket of takeToken (platform.rate_limit), as one Lua script so
 * that read-refill-take is atomic however many gateways share the bucket.
 *
 * The clock is Redis's (TIME), never the caller's: instances whose clocks
 * disagree would otherwise refill the same bucket by different amounts.
 * A bucket left alone until it has refilled is full, which is exactly what
 * a missing key means, so that time is its TTL: idle buckets cost no memory
 * and expiring one changes no decision.
 *
 * Returns {allowed (1/0), retryAfterSeconds}; numbers leave Lua as integers,
 * so the fractional token count stays inside the script.
 */
const takeTokenScript = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
local refilled = math.min(capacity, tokens + math.max(0, now - at) * refill)
local allowed = refilled >= 1
local left = refilled
if allowed then left = refilled - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(left), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil((capacity - left) / refill) + 1)
if allowed then return {1, 0} end
return {0, math.max(1, math.ceil((1 - refilled) / refill))}
`;

interface TakeTokenCommand {
  chorusTakeToken(key: string, capacity: number, refillPerSecond: number): Promise<[number, number]>;
}

/** Buckets in Redis, shared by every gateway instance that uses the same Redis and prefix. */
export class RedisRateLimiter implements RateLimiter {
  readonly kind = 'redis' as const;
  private readonly redis: Redis & TakeTokenCommand;

  constructor(
    redis: Redis,
    private readonly prefix = 'chorus:rate-limit:',
  ) {
    // defineCommand sends the script once and then calls it by SHA (EVALSHA), reloading it after a Redis restart.
    redis.defineCommand('chorusTakeToken', { numberOfKeys: 1, lua: takeTokenScript });
    this.redis = redis as Redis & TakeTokenCommand;
  }

  static connect(url: string, prefix?: string): RedisRateLimiter {
    return new RedisRateLimiter(new Redis(url, { maxRetriesPerRequest: 3 }), prefix);
  }

  async take(key: string, bucket: TokenBucket): Promise<TokenDecision> {
    if (!(bucket.capacity >= 1 && bucket.refillPerSecond > 0)) throw new Error('a token bucket needs capacity ≥ 1 and a positive refill');
    const [allowed, retryAfterSeconds] = await this.redis.chorusTakeToken(this.prefix + key, bucket.capacity, bucket.refillPerSecond);
    return { allowed: allowed === 1, retryAfterSeconds };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
