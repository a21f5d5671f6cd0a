import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.ts';
import { userIds } from '../../../test/support/ids.ts';
import {
  announceUserDeleted,
  errorCodes,
  startSubgraphHarness,
  type SubgraphHarness,
} from '../../../test/support/subgraph-harness.ts';
import { createMediaSubgraph } from '../src/service.ts';

const upload = `mutation($b: String!) { uploadImage(input: { base64: $b }) { id mimeType width height byteSize url owner { id } } }`;

async function image(format: 'png' | 'jpeg' | 'webp', width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .toFormat(format)
    .toBuffer();
}

describe.each(await databaseKinds())('media subgraph on %s', (kind) => {
  let harness: SubgraphHarness;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-media-'));
    harness = await startSubgraphHarness(kind, createMediaSubgraph, { CHORUS_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await harness?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores an image under its content hash, with its type sniffed from the bytes', async () => {
    const [owner] = userIds(1) as [string];
    const bytes = await image('webp');
    const result = await harness.run(upload, { b: bytes.toString('base64') }, owner);
    expect(result.errors).toBeUndefined();
    const media = (result.data as { uploadImage: Record<string, unknown> }).uploadImage;
    expect(media).toMatchObject({ mimeType: 'IMAGE_WEBP', width: 40, height: 30, byteSize: bytes.length, owner: { id: owner } });
    expect(media.url).toMatch(new RegExp(`/media/${String(media.id)}$`));
    const row = await harness.db.media.findUniqueOrThrow({ where: { id: String(media.id) } });
    const { createHash } = await import('node:crypto');
    expect(row.contentHash).toBe(createHash('sha256').update(bytes).digest('hex'));

    const entity = await harness.run(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Media { width } } }`,
      { reps: [{ __typename: 'Media', id: media.id }] },
    );
    expect(entity.data).toEqual({ _entities: [{ width: 40 }] });
  });

  it('refuses what is not an image, broken base64 and anonymous uploads', async () => {
    const [owner] = userIds(1) as [string];
    const before = await harness.db.media.count();
    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
    expect(errorCodes(await harness.run(upload, { b: html }, owner))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(upload, { b: '@@not base64@@' }, owner))).toEqual(['BAD_USER_INPUT']);
    const png = (await image('png')).toString('base64');
    expect(errorCodes(await harness.run(upload, { b: png }))).toEqual(['UNAUTHENTICATED']);
    // A truncated PNG keeps its magic bytes but is not a readable image.
    const truncated = (await image('png')).subarray(0, 20).toString('base64');
    expect(errorCodes(await harness.run(upload, { b: truncated.slice(0, truncated.length - (truncated.length % 4)) }, owner))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await harness.db.media.count()).toBe(before);
  });

  it('refuses oversized uploads and pixel bombs', async () => {
    const [owner] = userIds(1) as [string];
    const huge = 'A'.repeat(12 * 1024 * 1024);
    expect(errorCodes(await harness.run(upload, { b: huge }, owner))).toEqual(['PAYLOAD_TOO_LARGE']);
    // 10000 × 5000 = 50 Mpx of a single colour compresses to a few kilobytes.
    const bomb = await sharp({ create: { width: 10_000, height: 5_000, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(errorCodes(await harness.run(upload, { b: bomb.toString('base64') }, owner))).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it("erases a deleted user's uploads and their bytes unless another upload shares them", async () => {
    const [gone, other] = userIds(2) as [string, string];
    const shared = (await image('png', 10, 10)).toString('base64');
    const own = (await image('jpeg', 11, 11)).toString('base64');
    await harness.run(upload, { b: shared }, gone);
    await harness.run(upload, { b: own }, gone);
    await harness.run(upload, { b: shared }, other);
    const hashes = await harness.db.media.findMany({ where: { ownerId: gone }, select: { contentHash: true } });
    await announceUserDeleted(harness, gone);
    await harness.drainEvents();
    expect(await harness.db.media.count({ where: { ownerId: gone } })).toBe(0);
    const { existsSync } = await import('node:fs');
    const blobPath = (hash: string) => path.join(dataDir, 'blobs', hash.slice(0, 2), hash);
    const onDisk = hashes.map(({ contentHash }) => existsSync(blobPath(contentHash)));
    // One blob is still someone else's, the other was only the deleted user's.
    expect(onDisk.sort()).toEqual([false, true]);
  });
});
