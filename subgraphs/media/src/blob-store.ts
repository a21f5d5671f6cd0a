import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createReadStream, type ReadStream } from 'node:fs';
import path from 'node:path';

const hashPattern = /^[0-9a-f]{64}$/;

/**
 * Originals stored once, named by the SHA-256 of their bytes: uploading the
 * same image twice stores it once, and a name can never point at other bytes.
 */
export class BlobStore {
  constructor(private readonly root: string) {}

  pathOf(hash: string): string {
    if (!hashPattern.test(hash)) throw new Error('not a content hash');
    return path.join(this.root, hash.slice(0, 2), hash);
  }

  async put(bytes: Buffer): Promise<string> {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(hash);
    if (await this.has(hash)) return hash;
    await mkdir(path.dirname(target), { recursive: true });
    // Write aside, then rename: a reader never sees a half-written blob.
    const temporary = `${target}.${randomUUID()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, target);
    return hash;
  }

  async has(hash: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(hash))).isFile();
    } catch {
      return false;
    }
  }

  /** Removing a blob that is already gone is not an error: erasure is idempotent. */
  async remove(hash: string): Promise<void> {
    await rm(this.pathOf(hash), { force: true });
  }

  read(hash: string): ReadStream {
    return createReadStream(this.pathOf(hash));
  }
}
