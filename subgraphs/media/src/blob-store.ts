import { createHash } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from './atomic-write.ts';

const hashPattern = /^[0-9a-f]{64}$/;

/**
 * Where originals live, named by the SHA-256 of their bytes: storing the same
 * bytes twice stores them once, and a name can never point at other bytes.
 * LocalBlobStore is the default; an S3-compatible store would implement the
 * same four methods (see the README).
 */
export interface BlobStore {
  /** Stores the bytes and returns their hash. */
  put(bytes: Buffer): Promise<string>;
  has(hash: string): Promise<boolean>;
  read(hash: string): ReadStream;
  /** Removing a blob that is already gone is not an error: erasure is idempotent. */
  remove(hash: string): Promise<void>;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(hash: string): string {
    if (!hashPattern.test(hash)) throw new Error('not a content hash');
    return path.join(this.root, hash.slice(0, 2), hash);
  }

  async put(bytes: Buffer): Promise<string> {
    const hash = sha256(bytes);
    if (await this.has(hash)) return hash;
    await writeFileAtomically(this.pathOf(hash), bytes);
    return hash;
  }

  async has(hash: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(hash))).isFile();
    } catch {
      return false;
    }
  }

  read(hash: string): ReadStream {
    return createReadStream(this.pathOf(hash));
  }

  async remove(hash: string): Promise<void> {
    await rm(this.pathOf(hash), { force: true });
  }
}
