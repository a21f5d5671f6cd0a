import { describe, expect, it } from 'vitest';
import { InternalIdentityError, signInternalIdentity, verifyInternalIdentity } from '../src/auth/internal-identity.ts';

const secret = 'internal-secret-for-tests-0123456789abcdef';
const identity = { userId: '0b5c6f0e-4c1e-4a8e-9d7a-1f2e3d4c5b6a', sessionId: null, clientIp: '203.0.113.9' };

function reason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InternalIdentityError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('the identity the gateway signs for subgraphs', () => {
  it('verifies for the request it was made for', () => {
    const header = signInternalIdentity(identity, 'req-1', secret, 30);
    expect(verifyInternalIdentity(header, 'req-1', secret)).toEqual(identity);
  });

  it('refuses a missing, forged, tampered, expired or transplanted signature', () => {
    const header = signInternalIdentity(identity, 'req-1', secret, 30);
    expect(reason(() => verifyInternalIdentity(undefined, 'req-1', secret))).toBe('missing');
    expect(reason(() => verifyInternalIdentity(signInternalIdentity(identity, 'req-1', 'not-the-secret', 30), 'req-1', secret))).toBe(
      'bad signature',
    );
    const [version, payload, signature] = header.split('.') as [string, string, string];
    const forged = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: '11111111-1111-4111-8111-111111111111' };
    const tampered = `${version}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    expect(reason(() => verifyInternalIdentity(tampered, 'req-1', secret))).toBe('bad signature');
    const old = signInternalIdentity(identity, 'req-1', secret, 30, Date.now() - 60_000);
    expect(reason(() => verifyInternalIdentity(old, 'req-1', secret))).toBe('expired');
    expect(reason(() => verifyInternalIdentity(header, 'req-2', secret))).toBe('made for another request');
    for (const junk of ['v1..', 'v2.a.b', 'nonsense', 'v1.' + 'a'.repeat(3000) + '.b']) {
      expect(reason(() => verifyInternalIdentity(junk, 'req-1', secret))).not.toBe('accepted');
    }
  });
});
