import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs media URLs (upload tickets, derivative parameters) with a key derived
 * from the internal secret, so nobody can make the service store or resize
 * anything it did not hand out a URL for.
 */
export class UrlSigner {
  private readonly key: Buffer;

  constructor(internalSecret: string) {
    this.key = createHmac('sha256', internalSecret).update('chorus:media-url-signing:v1').digest();
  }

  sign(canonical: string): string {
    return createHmac('sha256', this.key).update(canonical).digest('base64url').slice(0, 32);
  }

  verify(canonical: string, signature: string | undefined): boolean {
    if (typeof signature !== 'string' || signature.length !== 32) return false;
    const expected = Buffer.from(this.sign(canonical));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
