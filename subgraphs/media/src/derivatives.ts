import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { writeFileAtomically } from './atomic-write.ts';
import type { BlobStore } from './blob-store.ts';
import type { DerivativeParams, OutputFormat } from './derivative-params.ts';

export interface Rendered {
  bytes: Buffer;
  /** Names the bytes: equal keys, equal bytes (so it doubles as a strong ETag). */
  key: string;
  format: OutputFormat;
}

/** At most this many sharp jobs at once; more would only fight over the cores. */
export const renderConcurrency = Math.max(1, availableParallelism());

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(work: () => Promise<T>): Promise<T> {
    while (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

async function readBlob(blobs: BlobStore, hash: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of blobs.read(hash)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Makes derivatives on demand and keeps them on disk by (content hash,
 * parameters, format). Concurrent requests for one derivative share one
 * sharp job; the number of sharp jobs at once is bounded.
 */
export class DerivativeRenderer {
  private readonly inFlight = new Map<string, Promise<Rendered>>();
  private readonly jobs = new Semaphore(renderConcurrency);
  /** sharp jobs actually run (cache misses that rendered), for tests and metrics. */
  renders = 0;

  constructor(
    private readonly cacheDir: string,
    private readonly blobs: BlobStore,
  ) {}

  keyOf(contentHash: string, params: DerivativeParams, format: OutputFormat): string {
    const recipe = [contentHash, params.width, params.height, params.fit, params.focus, params.quality, format].join('|');
    return createHash('sha256').update(recipe).digest('hex');
  }

  private fileOf(key: string, format: OutputFormat): string {
    return path.join(this.cacheDir, key.slice(0, 2), `${key}.${format}`);
  }

  render(contentHash: string, params: DerivativeParams, format: OutputFormat): Promise<Rendered> {
    const key = this.keyOf(contentHash, params, format);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const job = this.cachedOrRender(key, contentHash, params, format).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, job);
    return job;
  }

  private async cachedOrRender(key: string, contentHash: string, params: DerivativeParams, format: OutputFormat): Promise<Rendered> {
    const file = this.fileOf(key, format);
    try {
      return { bytes: await readFile(file), key, format };
    } catch {
      // not cached yet
    }
    const bytes = await this.jobs.run(async () => {
      this.renders++;
      const original = await readBlob(this.blobs, contentHash);
      const position = params.focus === 'centre' ? 'centre' : params.focus === 'attention' ? sharp.strategy.attention : sharp.strategy.entropy;
      const pipeline = sharp(original).resize({
        width: params.width ?? undefined,
        height: params.height ?? undefined,
        fit: params.fit,
        position,
        withoutEnlargement: true,
        background: { r: 255, g: 255, b: 255, alpha: 1 },
      });
      const encoded =
        format === 'avif'
          ? pipeline.avif({ quality: Math.round(params.quality * 0.75), effort: 2 })
          : format === 'webp'
            ? pipeline.webp({ quality: params.quality })
            : pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: params.quality, mozjpeg: true });
      return encoded.toBuffer();
    });
    await writeFileAtomically(file, bytes);
    return { bytes, key, format };
  }
}
