import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { badUserInput } from '@chorus/runtime';

/**
 * scrypt is memory-hard: with N = 2^15 and r = 8 each guess costs 32 MiB of
 * memory as well as time, which is what makes GPU and ASIC cracking dear.
 */
const log2N = 15;
const r = 8;
const p = 1;
const keyLength = 32;
const maxmem = 128 * 2 ** log2N * r * 2;

export const passwordRule = { min: 8, max: 256 } as const;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Length is checked in code points; the upper bound keeps one hash from being a denial of service. */
export function requirePassword(password: string): string {
  const length = [...password].length;
  if (length < passwordRule.min || length > passwordRule.max) {
    throw badUserInput(`password must be ${passwordRule.min}–${passwordRule.max} characters.`, 'password');
  }
  // NFKC so the same password typed on different keyboards/IMEs is the same password.
  return password.normalize('NFKC');
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, { N: 2 ** log2N, r, p, maxmem });
  return ['scrypt', log2N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time comparison of the derived keys; false for any malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !rr || !pp || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), {
    N: 2 ** Number(n),
    r: Number(rr),
    p: Number(pp),
    maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let decoy: Promise<string> | undefined;

/**
 * Spends the same work as a real check against a hash nobody has, so a
 * login for an unknown account takes as long as one with a wrong password.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await decoy);
  return false;
}
