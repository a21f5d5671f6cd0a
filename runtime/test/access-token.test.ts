import { describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { AccessTokenError, issueAccessToken, verifyAccessToken } from '../src/auth/access-token.ts';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const claims = { userId: '0b5c6f0e-4c1e-4a8e-9d7a-1f2e3d4c5b6a', sessionId: '7d0e2c1b-3a4f-4e5d-8c9b-0a1b2c3d4e5f' };

async function rejects(token: string, now?: number): Promise<void> {
  await expect(verifyAccessToken(token, secret, now)).rejects.toBeInstanceOf(AccessTokenError);
}

function ours() {
  return new SignJWT({ sid: claims.sessionId }).setSubject(claims.userId).setIssuer('chorus').setAudience('chorus-api');
}

describe('access tokens', () => {
  it('round-trips the user and session', async () => {
    const { token, expiresAt } = await issueAccessToken(claims, secret, 900);
    // Verification also reports when the token expires (long-lived sockets end then).
    expect(await verifyAccessToken(token, secret)).toEqual({ ...claims, expiresAt: expiresAt.getTime() });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses alg: none', async () => {
    const unsigned = new UnsecuredJWT({ sid: claims.sessionId })
      .setSubject(claims.userId)
      .setIssuer('chorus')
      .setAudience('chorus-api')
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('10m')
      .encode();
    await rejects(unsigned);
    // The same, with an empty signature glued on.
    await rejects(`${unsigned}AAAA`);
  });

  it('refuses a token signed with another key', async () => {
    const { token } = await issueAccessToken(claims, 'another-secret-that-is-long-enough-987654321', 900);
    await rejects(token);
  });

  it('refuses an expired token and one not yet valid', async () => {
    const now = Date.now();
    const { token, expiresAt } = await issueAccessToken(claims, secret, 60, now - 3600_000);
    await rejects(token);
    const future = await ours()
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setNotBefore('1h')
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(secret));
    await rejects(future);
    // And the valid one is fine at its own time, so the checks above are about time alone.
    expect(await verifyAccessToken(token, secret, now - 3600_000 + 1000)).toEqual({ ...claims, expiresAt: expiresAt.getTime() });
  });

  it('refuses a tampered payload', async () => {
    const { token } = await issueAccessToken(claims, secret, 900);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
    forged.sub = '11111111-1111-4111-8111-111111111111';
    await rejects(`${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`);
  });

  it('refuses tokens of ours for another audience, or lacking a session', async () => {
    const key = new TextEncoder().encode(secret);
    const otherAudience = await new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer('chorus')
      .setAudience('someone-else')
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('10m')
      .sign(key);
    await rejects(otherAudience);
    const noSession = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer('chorus')
      .setAudience('chorus-api')
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('10m')
      .sign(key);
    await rejects(noSession);
    await rejects('x'.repeat(5000));
  });
});
