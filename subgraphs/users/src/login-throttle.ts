import { chorusError, ErrorCode, type PrismaClient } from '@chorus/runtime';

/**
 * Failed logins are counted per account (the login as typed, whether or not
 * such an account exists, so the limit reveals nothing) and per client IP,
 * in the database so every users instance sees the same counts.
 */
export const throttle = {
  windowMinutes: 15,
  account: { limit: 10, slowAfter: 3 },
  // Many people can share an address (offices, carrier NAT), so it gets more room.
  ip: { limit: 100, slowAfter: 20 },
  maxDelayMs: 4000,
} as const;

/** A throttled key: refused after `limit` failures in a window, slowed from `slowAfter` on. */
export interface ThrottleKey {
  key: string;
  limit: number;
  slowAfter: number;
}

/** How long to hold back the answer to the `failures`-th failed attempt in a window. */
export function failureDelayMs(failures: number, slowAfter: number, baseDelayMs: number): number {
  if (failures < slowAfter) return 0;
  return Math.min(throttle.maxDelayMs, baseDelayMs * 2 ** (failures - slowAfter));
}

export function accountKey(loginKey: string): ThrottleKey {
  return { key: `account:${loginKey}`, ...throttle.account };
}

export function ipKey(ip: string): ThrottleKey {
  return { key: `ip:${ip}`, ...throttle.ip };
}

export async function refuseIfBlocked(db: PrismaClient, keys: string[]): Promise<void> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys }, blockedUntil: { gt: new Date() } } });
  const until = Math.max(0, ...rows.map((row) => row.blockedUntil!.getTime()));
  if (until > 0) {
    throw chorusError(ErrorCode.RateLimited, 'Too many failed sign-ins. Try again later.', {
      retryAfterSeconds: Math.ceil((until - Date.now()) / 1000),
    });
  }
}

/** Counts a failure for each key and returns how long to delay the answer. */
export async function recordFailure(
  db: PrismaClient,
  keys: ThrottleKey[],
  baseDelayMs: number,
): Promise<number> {
  let delay = 0;
  for (const { key, limit, slowAfter } of keys) {
    // One statement, so concurrent failures are all counted.
    const [row] = await db.$queryRaw<{ failures: number }[]>`
      INSERT INTO users.login_throttle (key, failures, window_start) VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttle.window_start < now() - make_interval(mins => ${throttle.windowMinutes})
                        THEN 1 ELSE login_throttle.failures + 1 END,
        window_start = CASE WHEN login_throttle.window_start < now() - make_interval(mins => ${throttle.windowMinutes})
                        THEN now() ELSE login_throttle.window_start END,
        blocked_until = CASE WHEN login_throttle.window_start < now() - make_interval(mins => ${throttle.windowMinutes})
                        THEN NULL ELSE login_throttle.blocked_until END
      RETURNING failures`;
    const failures = row?.failures ?? 1;
    if (failures >= limit) {
      await db.loginThrottle.update({
        where: { key },
        data: { blockedUntil: new Date(Date.now() + throttle.windowMinutes * 60_000) },
      });
    }
    delay = Math.max(delay, failureDelayMs(failures, slowAfter, baseDelayMs));
  }
  return delay;
}

export async function forgetFailures(db: PrismaClient, key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}
