import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Identity } from './identity.ts';

/**
 * The caller's identity as the gateway forwards it to subgraphs: a payload
 * signed with HMAC-SHA256 under a secret only the gateway and subgraphs know,
 * valid for seconds and only together with the request id it was made for.
 * A subgraph trusts nothing else about who is calling.
 */
export const identityHeader = 'x-chorus-identity';

const version = 'v1';
const maxHeaderLength = 2048;

interface Envelope {
  sub: string | null;
  sid: string | null;
  ip: string | null;
  rid: string;
  exp: number;
}

export class InternalIdentityError extends Error {}

function sign(secret: string, signed: string): Buffer {
  return createHmac('sha256', secret).update(signed).digest();
}

export function signInternalIdentity(
  identity: Identity,
  requestId: string,
  secret: string,
  ttlSeconds: number,
  now = Date.now(),
): string {
  const envelope: Envelope = {
    sub: identity.userId,
    sid: identity.sessionId,
    ip: identity.clientIp,
    rid: requestId,
    exp: Math.floor(now / 1000) + ttlSeconds,
  };
  const signed = `${version}.${Buffer.from(JSON.stringify(envelope)).toString('base64url')}`;
  return `${signed}.${sign(secret, signed).toString('base64url')}`;
}

const nullableString = (value: unknown): value is string | null => value === null || typeof value === 'string';

export function verifyInternalIdentity(
  header: string | undefined,
  requestId: string | undefined,
  secret: string,
  now = Date.now(),
): Identity {
  if (header === undefined || header === '') throw new InternalIdentityError('missing');
  if (header.length > maxHeaderLength) throw new InternalIdentityError('malformed');
  const parts = header.split('.');
  if (parts.length !== 3 || parts[0] !== version) throw new InternalIdentityError('malformed');
  const signed = `${parts[0]}.${parts[1]}`;
  const given = Buffer.from(parts[2]!, 'base64url');
  const expected = sign(secret, signed);
  // Constant-time comparison: a forger learns nothing from how long a rejection takes.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InternalIdentityError('bad signature');
  }
  let envelope: Partial<Envelope>;
  try {
    envelope = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Partial<Envelope>;
  } catch {
    throw new InternalIdentityError('malformed');
  }
  const { sub, sid, ip, rid, exp } = envelope;
  if (!nullableString(sub) || !nullableString(sid) || !nullableString(ip) || typeof rid !== 'string' || typeof exp !== 'number') {
    throw new InternalIdentityError('malformed');
  }
  if (exp * 1000 < now) throw new InternalIdentityError('expired');
  if (rid !== requestId) throw new InternalIdentityError('made for another request');
  return { userId: sub, sessionId: sid, clientIp: ip };
}
