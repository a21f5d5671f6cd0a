// `npm run bench:media`: on-the-fly derivative throughput and latency of the
// media service over HTTP, against raw sharp doing the same resizes in this
// process (the limit) and against ipx (a sharp-based image server), in one
// run; then cache-hit latency. Prints a table and ratios.
import http from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { createIPX, createIPXNodeServer, ipxFSStorage } from 'ipx';
import { createLogger, createPrisma, loadConfig, startSubgraphServer } from '@chorus/runtime';
import { createMediaSubgraph } from '@chorus/media';
import { applyMigrations } from '@chorus/runtime/db/migrations';
import { startEmbeddedPostgres } from '@chorus/runtime/db/embedded-postgres';
import { testSecrets } from '../test/support/secrets.ts';
import { freePort } from '../test/support/free-port.ts';
import { percentile } from './support.ts';
import { renderConcurrency } from '../subgraphs/media/src/derivatives.ts';

const concurrency = 4;
const widths = [320, 480, 640, 800, 1080];

/** Photo-like test images: gradients, shapes and sensor noise, in the sizes phones produce. */
async function photos(): Promise<{ name: string; bytes: Buffer }[]> {
  const specs = [
    { name: 'landscape.jpg', width: 4032, height: 3024, format: 'jpeg' as const },
    { name: 'portrait.jpg', width: 3024, height: 4032, format: 'jpeg' as const },
    { name: 'square.png', width: 2048, height: 2048, format: 'png' as const },
    { name: 'wide.webp', width: 3840, height: 2160, format: 'webp' as const },
  ];
  return Promise.all(
    specs.map(async ({ name, width, height, format }) => {
      const gradient = Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
          `<stop offset="0" stop-color="#1d3557"/><stop offset="0.5" stop-color="#e9c46a"/><stop offset="1" stop-color="#e76f51"/></linearGradient></defs>` +
          `<rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 3}" cy="${height / 2}" r="${height / 4}" fill="#2a9d8f" opacity="0.7"/></svg>`,
      );
      const noise = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
        .png()
        .toBuffer();
      const bytes = await sharp(gradient)
        .composite([{ input: noise, blend: 'soft-light' }])
        .toFormat(format, { quality: 88 })
        .toBuffer();
      return { name, bytes };
    }),
  );
}

interface Result {
  name: string;
  samples: number[];
  seconds: number;
}

/** Runs `jobs` with `workers` at a time; returns per-job latencies and the wall time. */
async function drive(name: string, jobs: (() => Promise<void>)[], workers = concurrency): Promise<Result> {
  const samples: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const began = performance.now();
        await job();
        samples.push(performance.now() - began);
      }
    }),
  );
  return { name, samples: samples.sort((a, b) => a - b), seconds: (performance.now() - start) / 1000 };
}

async function fetchImage(url: string): Promise<void> {
  const response = await fetch(url, { headers: { accept: 'image/webp,image/jpeg' } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  await response.arrayBuffer();
}

function row(result: Result, baseline?: Result): string {
  const rate = result.samples.length / result.seconds;
  const ratio = baseline ? `${(rate / (baseline.samples.length / baseline.seconds)).toFixed(2)}×` : '1.00×';
  return `| ${result.name} | ${rate.toFixed(1)} | ${percentile(result.samples, 50).toFixed(1)} | ${percentile(result.samples, 99).toFixed(1)} | ${ratio} |`;
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-bench-media-'));
  const database = await startEmbeddedPostgres({});
  const cleanups: (() => Promise<unknown>)[] = [() => database.stop(), () => rm(workDir, { recursive: true, force: true })];
  try {
    await applyMigrations(database.url);
    const images = await photos();
    console.log(`${images.length} photos (${images.map((image) => `${image.name} ${(image.bytes.length / 1e6).toFixed(1)} MB`).join(', ')})`);

    // Chorus media service, over HTTP, as in production.
    const port = await freePort();
    const config = loadConfig({
      ...testSecrets,
      DATABASE_URL: database.url,
      CHORUS_DATA_DIR: path.join(workDir, 'chorus'),
      CHORUS_MEDIA_PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
    const prisma = createPrisma(database.url);
    const logger = createLogger('bench', 'silent');
    const definition = createMediaSubgraph({ prisma, config, logger });
    const server = await startSubgraphServer(definition, { host: '127.0.0.1', port, logger, internalSecret: config.secrets.internalSecret });
    cleanups.unshift(() => prisma.$disconnect(), () => server.stop());
    const { UrlSigner } = await import('../subgraphs/media/src/url-signing.ts');
    const { derivativePath } = await import('../subgraphs/media/src/derivative-params.ts');
    const signer = new UrlSigner(config.secrets.internalSecret);
    const ids: string[] = [];
    const ownerId = '00000000-0000-4000-8000-000000000001';
    for (const image of images) {
      const ticket = await prisma.uploadTicket.create({ data: { ownerId, expiresAt: new Date(Date.now() + 60_000) } });
      const response = await fetch(`${config.mediaPublicUrl}/uploads/${ticket.id}?sig=${signer.sign(`upload|${ticket.id}`)}`, {
        method: 'PUT',
        // A view typed over a plain ArrayBuffer: what fetch's BodyInit accepts (Buffer's buffer may be shared).
        body: new Uint8Array(image.bytes),
      });
      ids.push(((await response.json()) as { data: { id: string } }).data.id);
    }
    // Stored originals, so every contender resizes the very same bytes.
    const originals = await Promise.all(
      ids.map(async (id) => Buffer.from(await (await fetch(`${config.mediaPublicUrl}/media/${id}`)).arrayBuffer())),
    );

    // ipx over HTTP, serving the same originals from a folder.
    const ipxDir = path.join(workDir, 'ipx');
    await mkdir(ipxDir, { recursive: true });
    const ipxNames = await Promise.all(
      originals.map(async (bytes, i) => {
        const name = `${i}.${images[i]!.name.split('.').at(-1)}`;
        await writeFile(path.join(ipxDir, name), bytes);
        return name;
      }),
    );
    const ipxPort = await freePort();
    const ipxServer = http.createServer(createIPXNodeServer(createIPX({ storage: ipxFSStorage({ dir: ipxDir }) })));
    await new Promise<void>((resolve) => ipxServer.listen(ipxPort, '127.0.0.1', resolve));
    cleanups.unshift(() => new Promise((resolve) => ipxServer.close(resolve)));

    // The workload: every photo at every width, as WebP q≈80, fit inside. Each contender gets
    // fresh parameters (quality differs by one) so nothing is served from a cache.
    const tasks = ids.flatMap((id, index) => widths.flatMap((width) => [78, 80].map((quality) => ({ id, index, width, quality }))));
    const rawJob = (index: number, width: number, quality: number) => async () => {
      await sharp(originals[index]!).resize({ width, withoutEnlargement: true, fit: 'inside' }).webp({ quality }).toBuffer();
    };
    const ipxJob = (index: number, width: number, quality: number) => () =>
      fetchImage(`http://127.0.0.1:${ipxPort}/w_${width},f_webp,q_${quality}/${ipxNames[index]}`);
    const chorusUrl = (id: string, width: number, quality: number) =>
      config.mediaPublicUrl + derivativePath({ mediaId: id, width, height: null, fit: 'inside', focus: 'centre', quality, format: null }, signer);
    // One untimed pass each (other qualities, so nothing is cached) warms code paths and libvips.
    await drive('warm-up', ids.map((_id, index) => rawJob(index, 500, 60)));
    await drive('warm-up', ids.map((_id, index) => ipxJob(index, 500, 60)));
    await drive('warm-up', ids.map((id) => () => fetchImage(chorusUrl(id, 500, 60))));

    // Raw sharp runs as many jobs at once as the service allows itself: the same work, minus HTTP.
    const raw = await drive(`raw sharp, in process, ${renderConcurrency} at a time`, tasks.map((t) => rawJob(t.index, t.width, t.quality)), renderConcurrency);
    const ipx = await drive('ipx 3 over HTTP', tasks.map((t) => ipxJob(t.index, t.width, t.quality)));
    const urls = tasks.map((t) => chorusUrl(t.id, t.width, t.quality));
    const chorus = await drive('Chorus media, cold (renders)', urls.map((url) => () => fetchImage(url)));
    const warm = await drive('Chorus media, cache hit', [...urls, ...urls, ...urls].map((url) => () => fetchImage(url)));

    console.log(
      `\n${tasks.length} derivatives per contender (${images.length} photos × widths ${widths.join(', ')} × 2 qualities), ` +
        `WebP, HTTP clients ${concurrency} at a time, sharp jobs bounded to ${renderConcurrency} in Chorus:\n`,
    );
    console.log('| contender | images/s | p50 ms | p99 ms | throughput vs raw sharp |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const result of [raw, ipx, chorus, warm]) console.log(row(result, result === raw ? undefined : raw));
    const rate = (result: Result) => result.samples.length / result.seconds;
    console.log(`\nChorus cold vs ipx: ${(rate(chorus) / rate(ipx)).toFixed(2)}× the throughput`);
    console.log(`Chorus cache hit vs cold: p50 ${(percentile(chorus.samples, 50) / percentile(warm.samples, 50)).toFixed(0)}× faster`);
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
