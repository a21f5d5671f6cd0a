import { SignJWT, jwtVerify } from 'jose';
import { isUuid } from '../input.ts';

const issuer = 'chorus';
const audience = 'chorus-api';
const algorithm = 'HS256';

export interface AccessClaims {
  userId: string;
  sessionId: string;
  /** Milliseconds since the epoch; set when verified. */
  expiresAt?: number;
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A short-lived, signed statement "this is user U in session S". */
export async function issueAccessToken(
  claims: AccessClaims,
  secret: string,
  ttlSeconds: number,
  now = Date.now(),
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now / 1000);
  const expiresAt = issuedAt + ttlSeconds;
  const token = await new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(key(secret));
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

export class AccessTokenError extends Error {}

/**
 * Accepts only HS256 tokens of ours (so `alg: none` and algorithm swaps are
 * refused), unexpired and already valid, naming a user and a session.
 */
export async function verifyAccessToken(token: string, secret: string, now = Date.now()): Promise<AccessClaims> {
  if (token.length > 4096) throw new AccessTokenError('token too long');
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: [algorithm],
      issuer,
      audience,
      requiredClaims: ['exp', 'iat', 'nbf', 'sub'],
      currentDate: new Date(now),
    });
    const { sub, sid } = payload;
    if (typeof sub !== 'string' || !isUuid(sub) || typeof sid !== 'string' || !isUuid(sid)) {
      throw new AccessTokenError('claims are malformed');
    }
    return { userId: sub, sessionId: sid, expiresAt: (payload.exp ?? 0) * 1000 };
  } catch (error) {
    if (error instanceof AccessTokenError) throw error;
    throw new AccessTokenError(error instanceof Error ? error.message : 'invalid token');
  }
}
