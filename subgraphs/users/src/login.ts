import { chorusError, ErrorCode, type PrismaClient } from '@chorus/runtime';
import { emailKey } from './emails.ts';
import { handleKey } from './handles.ts';
import { accountKey, forgetFailures, ipKey, recordFailure, refuseIfBlocked } from './login-throttle.ts';
import type { UserRow } from './mappers.ts';
import { verifyAgainstDecoy, verifyPassword } from './passwords.ts';

const invalidCredentials = () => chorusError(ErrorCode.Unauthenticated, 'The login or password is incorrect.');

/**
 * Checks a login (handle or email) and password. Unknown logins, deleted
 * accounts and wrong passwords are indistinguishable: same error, same
 * scrypt work, same throttling.
 */
export async function checkCredentials(
  db: PrismaClient,
  login: string,
  password: string,
  clientIp: string | null,
  baseDelayMs: number,
): Promise<UserRow> {
  const key = login.includes('@') ? emailKey(login) : handleKey(login);
  const keys = [accountKey(key.slice(0, 256))];
  if (clientIp !== null) keys.push(ipKey(clientIp));
  await refuseIfBlocked(db, keys.map((entry) => entry.key));

  const user =
    login.length > 300
      ? null
      : await db.user.findFirst({ where: login.includes('@') ? { emailKey: key } : { handleKey: key } });
  const valid =
    user !== null && user.deletedAt === null && user.passwordHash !== null
      ? await verifyPassword(password, user.passwordHash)
      : await verifyAgainstDecoy(password);
  if (!valid || user === null) {
    const delayMs = await recordFailure(db, keys, baseDelayMs);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    throw invalidCredentials();
  }
  await forgetFailures(db, keys[0]!.key);
  return user;
}
