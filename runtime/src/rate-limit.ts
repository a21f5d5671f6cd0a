import { chorusError, ErrorCode } from './errors.ts';
import type { PrismaClient } from './db/prisma.ts';

export interface TokenBucket {
  /** Most actions allowed in a burst. */
  capacity: number;
  /** Tokens added back per second, up to capacity. */
  refillPerSecond: number;
}

export interface TokenDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Takes one token from the bucket named `key`, atomically, in the database:
 * every instance of every service shares the same buckets. A refused
 * attempt takes nothing, so a flood costs its sender only waiting.
 */
export async function takeToken(db: PrismaClient, key: string, bucket: TokenBucket): Promise<TokenDecision> {
  await db.$executeRaw`
    INSERT INTO platform.rate_limit (key, tokens, updated_at) VALUES (${key}, ${bucket.capacity}, now())
    ON CONFLICT (key) DO NOTHING`;
  const [row] = await db.$queryRaw<{ refilled: number }[]>`
    UPDATE platform.rate_limit AS r
    SET tokens = CASE WHEN s.refilled >= 1 THEN s.refilled - 1 ELSE s.refilled END, updated_at = now()
    FROM (
      SELECT key, LEAST(${bucket.capacity}::float8,
                        tokens + EXTRACT(EPOCH FROM (now() - updated_at))::float8 * ${bucket.refillPerSecond}::float8) AS refilled
      FROM platform.rate_limit WHERE key = ${key} FOR UPDATE
    ) AS s
    WHERE r.key = s.key
    RETURNING s.refilled AS refilled`;
  const refilled = Number(row?.refilled ?? 0);
  if (refilled >= 1) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / bucket.refillPerSecond)) };
}

/**
 * Where token buckets live. One instance serves every bucket of a process;
 * which implementation is picked in one place (openRateLimiter).
 */
export interface RateLimiter {
  readonly kind: 'sql' | 'redis';
  take(key: string, bucket: TokenBucket): Promise<TokenDecision>;
  /** Closes a connection the limiter opened itself; the database client stays its owner's. */
  close(): Promise<void>;
}

/** Buckets in platform.rate_limit (takeToken). */
export class SqlRateLimiter implements RateLimiter {
  readonly kind = 'sql' as const;
  constructor(private readonly db: PrismaClient) {}

  take(key: string, bucket: TokenBucket): Promise<TokenDecision> {
    return takeToken(this.db, key, bucket);
  }

  async close(): Promise<void> {}
}

/** takeToken, or RATE_LIMITED with extensions.retryAfterSeconds. */
export async function requireToken(db: PrismaClient, key: string, bucket: TokenBucket, what: string): Promise<void> {
  const decision = await takeToken(db, key, bucket);
  if (!decision.allowed) {
    throw chorusError(ErrorCode.RateLimited, `Too many ${what}. Try again later.`, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
}
