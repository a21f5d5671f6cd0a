import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { chorusError, ErrorCode, isUuid, issueAccessToken, type Config, type PrismaClient } from '@chorus/runtime';
import type { AuthPayloadModel, UserRow } from './mappers.ts';

export type SessionConfig = Pick<Config, 'secrets' | 'accessTokenTtlSeconds' | 'refreshTokenTtlSeconds'>;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const sessionEnded = () => chorusError(ErrorCode.Unauthenticated, 'The session has ended; sign in again.');

/**
 * Issues an access token and a refresh token. The refresh token is
 * "<session row id>.<secret>"; only the secret's hash is stored. The access
 * token names the family, so logging out revokes every token of it.
 */
async function issue(db: PrismaClient, user: UserRow, familyId: string | null, config: SessionConfig): Promise<AuthPayloadModel> {
  const secret = randomBytes(32).toString('base64url');
  const refreshTokenExpiresAt = new Date(Date.now() + config.refreshTokenTtlSeconds * 1000);
  const id = randomUUID();
  // The first session of a sign-in names its family.
  const family = familyId ?? id;
  await db.session.create({
    data: { id, userId: user.id, familyId: family, secretHash: sha256(secret), expiresAt: refreshTokenExpiresAt },
  });
  const access = await issueAccessToken(
    { userId: user.id, sessionId: family },
    config.secrets.jwtSecret,
    config.accessTokenTtlSeconds,
  );
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken: `${id}.${secret}`,
    refreshTokenExpiresAt,
    user,
  };
}

export function startSession(db: PrismaClient, user: UserRow, config: SessionConfig): Promise<AuthPayloadModel> {
  return issue(db, user, null, config);
}

/**
 * Rotates a refresh token. Each token works once: the first use marks it
 * used, atomically. A second use of the same token means it was copied —
 * by a thief or from a thief — so the whole family is revoked and both
 * holders must sign in again.
 */
export async function refreshSession(db: PrismaClient, refreshToken: string, config: SessionConfig): Promise<AuthPayloadModel> {
  const [id, secret, extra] = refreshToken.split('.');
  if (!id || !secret || extra !== undefined || !isUuid(id) || secret.length > 100) throw sessionEnded();
  const session = await db.session.findUnique({ where: { id }, include: { user: true } });
  if (session === null) throw sessionEnded();
  const given = Buffer.from(sha256(secret), 'hex');
  if (!timingSafeEqual(given, Buffer.from(session.secretHash, 'hex'))) throw sessionEnded();
  const now = new Date();
  if (session.revokedAt !== null || session.expiresAt < now || session.user.deletedAt !== null) throw sessionEnded();
  const claimed = await db.session.updateMany({ where: { id, usedAt: null, revokedAt: null }, data: { usedAt: now } });
  if (claimed.count === 0) {
    await db.session.updateMany({ where: { familyId: session.familyId, revokedAt: null }, data: { revokedAt: now } });
    throw chorusError(ErrorCode.Unauthenticated, 'This refresh token was already used; the session has been ended.', {
      reason: 'REFRESH_TOKEN_REUSED',
    });
  }
  return issue(db, session.user, session.familyId, config);
}

export async function revokeFamily(db: PrismaClient, userId: string, familyId: string): Promise<void> {
  await db.session.updateMany({ where: { userId, familyId, revokedAt: null }, data: { revokedAt: new Date() } });
}
