import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
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
import { image, jpegWithExif, pngDeclaring, svgWithScript } from './fixtures.ts';

const createUpload = `mutation { createUpload { uploadUrl expiresAt maxBytes } }`;
const mediaQuery = /* GraphQL */ `
  query($id: ID!) {
    media(id: $id) {
      id mimeType width height byteSize blurhash dominantColor originalUrl owner { id }
      square: url(width: 100, height: 100, fit: COVER, focus: ATTENTION)
      jpeg: url(width: 50, format: JPEG)
      thumbnails { width url }
    }
  }
`;

interface MediaView {
  id: string;
  mimeType: string;
  width: number;
  height: number;
  byteSize: number;
  blurhash: string;
  dominantColor: string;
  originalUrl: string;
  square: string;
  jpeg: string;
  thumbnails: { width: number; url: string }[];
}

/** Every file below a folder, recursively: to prove rejected uploads leave nothing behind. */
async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

describe.each(await databaseKinds())('media subgraph on %s', (kind) => {
  let harness: SubgraphHarness;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-media-'));
    harness = await startSubgraphHarness(kind, createMediaSubgraph, { CHORUS_DATA_DIR: dataDir }, { http: true });
  });
  afterAll(async () => {
    await harness?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function ticket(owner: string): Promise<string> {
    const result = await harness.run(createUpload, {}, owner);
    expect(result.errors).toBeUndefined();
    return (result.data as { createUpload: { uploadUrl: string } }).createUpload.uploadUrl;
  }

  async function put(url: string, body: Buffer, contentType = 'application/octet-stream') {
    // A copy typed over a plain ArrayBuffer: what fetch's BodyInit accepts (Buffer's buffer may be shared).
    const response = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': contentType } });
    return { status: response.status, body: (await response.json()) as { data?: { id: string }; errors?: { extensions: { code: string } }[] } };
  }

  async function upload(owner: string, bytes: Buffer): Promise<MediaView> {
    const { status, body } = await put(await ticket(owner), bytes);
    expect(status).toBe(201);
    const result = await harness.run(mediaQuery, { id: body.data!.id });
    expect(result.errors).toBeUndefined();
    return (result.data as { media: MediaView }).media;
  }

  it('takes an upload, applies orientation, strips EXIF and GPS, and computes placeholders', async () => {
    const [owner] = userIds(1) as [string];
    const media = await upload(owner, await jpegWithExif());
    // EXIF said "rotate 90°": the stored image is upright, so 40×60.
    expect(media).toMatchObject({ mimeType: 'IMAGE_JPEG', width: 40, height: 60, owner: { id: owner } });
    expect(media.blurhash).toMatch(/^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,}$/);
    expect(media.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
    const original = Buffer.from(await (await fetch(media.originalUrl)).arrayBuffer());
    const metadata = await sharp(original).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(original.toString('latin1')).not.toContain('Secret Owner');
    expect([metadata.width, metadata.height]).toEqual([40, 60]);
    const row = await harness.db.media.findUniqueOrThrow({ where: { id: media.id } });
    expect(row.contentHash).toBe(createHash('sha256').update(original).digest('hex'));
  });

  it('stores the same image once however often it is uploaded', async () => {
    const [a, b] = userIds(2) as [string, string];
    const bytes = await image('png', 33, 21, '#123456');
    const before = (await filesUnder(path.join(dataDir, 'blobs'))).length;
    const first = await upload(a, bytes);
    const second = await upload(b, bytes);
    expect(first.id).not.toBe(second.id);
    expect((await filesUnder(path.join(dataDir, 'blobs'))).length).toBe(before + 1);
  });

  it('serves signed derivatives in the negotiated format, cached, with strong ETags', async () => {
    const [owner] = userIds(1) as [string];
    const media = await upload(owner, await image('jpeg', 400, 300));
    const avif = await fetch(media.square, { headers: { accept: 'image/avif,image/webp,*/*' } });
    expect(avif.status).toBe(200);
    expect(avif.headers.get('content-type')).toBe('image/avif');
    expect(avif.headers.get('vary')).toBe('Accept');
    expect(avif.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const rendered = await sharp(Buffer.from(await avif.arrayBuffer())).metadata();
    expect([rendered.width, rendered.height]).toEqual([100, 100]);

    const webp = await fetch(media.square, { headers: { accept: 'image/webp' } });
    expect(webp.headers.get('content-type')).toBe('image/webp');
    const jpeg = await fetch(media.square, { headers: { accept: 'text/html' } });
    expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
    expect(new Set([avif.headers.get('etag'), webp.headers.get('etag'), jpeg.headers.get('etag')]).size).toBe(3);

    const again = await fetch(media.square, { headers: { accept: 'image/webp', 'if-none-match': webp.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const fixed = await fetch(media.jpeg, { headers: { accept: 'image/avif' } });
    expect(fixed.headers.get('content-type')).toBe('image/jpeg');
    expect(fixed.headers.get('vary')).toBeNull();
    expect((await sharp(Buffer.from(await fixed.arrayBuffer())).metadata()).width).toBe(50);
  });

  it('makes thumbnails at upload, so they are served from the cache', async () => {
    const [owner] = userIds(1) as [string];
    const derivatives = path.join(dataDir, 'derivatives');
    const before = (await filesUnder(derivatives)).length;
    const media = await upload(owner, await image('png', 800, 600));
    const afterUpload = (await filesUnder(derivatives)).length;
    expect(afterUpload - before).toBe(6); // 160, 320, 640 wide, as WebP and JPEG
    expect(media.thumbnails.map((thumbnail) => thumbnail.width)).toEqual([160, 320, 640]);
    for (const thumbnail of media.thumbnails) {
      const response = await fetch(thumbnail.url, { headers: { accept: 'image/webp' } });
      expect((await sharp(Buffer.from(await response.arrayBuffer())).metadata()).width).toBe(thumbnail.width);
    }
    expect((await filesUnder(derivatives)).length).toBe(afterUpload);
  });

  it('refuses derivative URLs whose parameters were altered, added or unsigned', async () => {
    const [owner] = userIds(1) as [string];
    const media = await upload(owner, await image('jpeg', 200, 200));
    const url = new URL(media.square);
    const variants: URL[] = [];
    for (const [key, value] of [['w', '2000'], ['q', '100'], ['fit', 'contain'], ['f', 'webp']] as const) {
      const altered = new URL(url);
      altered.searchParams.set(key, value);
      variants.push(altered);
    }
    const unsigned = new URL(url);
    unsigned.searchParams.delete('sig');
    const extra = new URL(url);
    extra.searchParams.set('blur', '5');
    const otherImage = new URL(url.toString().replace(media.id, '00000000-0000-4000-8000-000000000000'));
    for (const bad of [...variants, unsigned, extra, otherImage]) {
      expect((await fetch(bad)).status, bad.search).toBe(403);
    }
    const tooBig = await harness.run(`query($id: ID!) { media(id: $id) { url(width: 5000) } }`, { id: media.id });
    expect(errorCodes(tooBig)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses hostile uploads with clear errors and leaves nothing half-written', async () => {
    const [owner] = userIds(1) as [string];
    const rowsBefore = await harness.db.media.count();
    const filesBefore = await filesUnder(dataDir);
    const jpeg = await image('jpeg', 300, 200);
    const magicLie = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), jpeg.subarray(8)]);
    const cases: [string, Buffer, number, string][] = [
      ['empty', Buffer.alloc(0), 400, 'BAD_USER_INPUT'],
      ['truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 400, 'BAD_USER_INPUT'],
      ['PNG declaring 100,000 × 100,000', pngDeclaring(100_000, 100_000), 413, 'PAYLOAD_TOO_LARGE'],
      ['PNG magic on a JPEG body', magicLie, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['SVG with a script', svgWithScript, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['9 MiB', Buffer.alloc(9 * 1024 * 1024, 1), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [name, body, status, code] of cases) {
      const response = await put(await ticket(owner), body, 'image/png');
      expect(response.status, name).toBe(status);
      expect(response.body.errors?.[0]?.extensions.code, name).toBe(code);
    }
    expect(await harness.db.media.count()).toBe(rowsBefore);
    expect(await filesUnder(dataDir)).toEqual(filesBefore);
  });

  it('decides the type from the bytes, not from what the client says', async () => {
    const [owner] = userIds(1) as [string];
    const { status, body } = await put(await ticket(owner), await image('jpeg'), 'image/png');
    expect(status).toBe(201);
    expect((await harness.db.media.findUniqueOrThrow({ where: { id: body.data!.id } })).mimeType).toBe('image/jpeg');
  });

  it('accepts each upload URL once, before it expires, and only as signed', async () => {
    const [owner] = userIds(1) as [string];
    const bytes = await image('webp');
    const url = await ticket(owner);
    expect((await put(url, bytes)).status).toBe(201);
    expect((await put(url, bytes)).status).toBe(410);

    const expired = await ticket(owner);
    const ticketId = new URL(expired).pathname.split('/').at(-1)!;
    await harness.db.uploadTicket.update({ where: { id: ticketId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await put(expired, bytes)).status).toBe(410);

    const forged = new URL(await ticket(owner));
    forged.searchParams.set('sig', 'A'.repeat(32));
    expect((await put(forged.toString(), bytes)).status).toBe(403);
    expect(errorCodes(await harness.run(createUpload))).toEqual(['UNAUTHENTICATED']);
  });

  it("erases a deleted user's uploads and their bytes unless another upload shares them", async () => {
    const [gone, other] = userIds(2) as [string, string];
    const shared = await image('png', 10, 10, '#010203');
    await upload(gone, shared);
    await upload(gone, await image('jpeg', 11, 11, '#040506'));
    await upload(other, shared);
    const hashes = await harness.db.media.findMany({ where: { ownerId: gone }, select: { contentHash: true } });
    await announceUserDeleted(harness, gone);
    await harness.drainEvents();
    expect(await harness.db.media.count({ where: { ownerId: gone } })).toBe(0);
    const blobs = await filesUnder(path.join(dataDir, 'blobs'));
    const onDisk = hashes.map(({ contentHash }) => blobs.some((file) => file.endsWith(contentHash)));
    // One blob is still someone else's, the other was only the deleted user's.
    expect(onDisk.sort()).toEqual([false, true]);
  });
});
