// `npm run bench:timeline`: against a real Cassandra (started if none is
// listening) and the real PostgreSQL: fan-out throughput while loading over a
// million home-timeline rows, then home-timeline page reads, p50/p99, for
// push-only readers and hybrid readers (who also follow a celebrity whose
// posts are pulled at read time), read directly and through the gateway.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createLogger, createPrisma, loadConfig, lazyBlockSet } from '@chorus/runtime';
import { applyCqlMigrations } from '@chorus/runtime/cassandra/cql-migrations';
import { acquireCassandra, testKeyspace } from '../test/support/cassandra.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { startInProcessGateway } from '../test/support/in-process-gateway.ts';
import { testSecrets } from '../test/support/secrets.ts';
import { fanOut } from '../subgraphs/timeline/src/fan-out.ts';
import { readHome } from '../subgraphs/timeline/src/home-timeline.ts';
import { CassandraTimelineStore } from '../subgraphs/timeline/src/store/cassandra-timeline-store.ts';
import { cassandraClient, cqlMigrationsDir } from '../subgraphs/timeline/src/store/open-store.ts';
import { createTimelineSubgraph } from '../subgraphs/timeline/src/service.ts';
import { percentile } from './support.ts';

const readers = 10_000;
const authors = 100;
const followsPerReader = 10;
const postsPerAuthor = 10;
/** Fan-out jobs at once, as a few workers would run them (each writes up to 64 rows at a time). */
const fanOutWorkers = 4;
const celebrityPosts = 50;
const sampleReaders = 200;

function pick<T>(items: T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}

async function main(): Promise<void> {
  const cassandra = await acquireCassandra((line) => void line);
  const keyspace = testKeyspace();
  const database = await createTestDatabase('postgres');
  const client = cassandraClient(cassandra.contactPoint);
  const prisma = createPrisma(database.url, { maxConnections: 20 });
  try {
    await client.connect();
    await applyCqlMigrations(client, keyspace, cqlMigrationsDir);
    const store = new CassandraTimelineStore(client, keyspace);
    const config = loadConfig({
      ...testSecrets,
      DATABASE_URL: database.url,
      CHORUS_CASSANDRA: cassandra.contactPoint,
      CHORUS_CASSANDRA_KEYSPACE: keyspace,
      CHORUS_TIMELINE_CELEBRITY_FOLLOWERS: String(readers / 2),
    });
    const settings = config.timeline;

    console.log(`Seeding ${readers} readers, ${authors} authors (+1 celebrity) and their follows into PostgreSQL...`);
    const readerIds = Array.from({ length: readers }, () => randomUUID());
    const authorIds = Array.from({ length: authors }, () => randomUUID());
    const celebrity = randomUUID();
    const people = [...authorIds, celebrity].map((id, i) => ({ id, handle: `author_${i}`, handleKey: `author_${i}`, displayName: `Author ${i}` }));
    await prisma.user.createMany({ data: people });
    const now = new Date();
    await prisma.timelineActivity.createMany({ data: readerIds.map((userId) => ({ userId, lastSeenAt: now })) });
    const follows = readerIds.flatMap((reader) => pick(authorIds, followsPerReader).map((author) => ({ followerId: reader, followeeId: author })));
    // Half the readers follow the celebrity too: those are the hybrid readers.
    const hybrid = readerIds.slice(0, readers / 2);
    follows.push(...hybrid.map((reader) => ({ followerId: reader, followeeId: celebrity })));
    for (let i = 0; i < follows.length; i += 10_000) await prisma.timelineFollow.createMany({ data: follows.slice(i, i + 10_000) });

    console.log(`Publishing ${authors * postsPerAuthor} posts and fanning them out (about ${((follows.length - hybrid.length) * postsPerAuthor / 1e6).toFixed(1)}M home rows)...`);
    let rows = 0;
    const start = performance.now();
    const spread = 20 * 24 * 3600 * 1000; // over the last 20 days: several 7-day buckets
    const jobs = Array.from({ length: postsPerAuthor }, (_, round) => authorIds.map((authorId, i) => ({ round, authorId, i }))).flat();
    let next = 0;
    await Promise.all(
      Array.from({ length: fanOutWorkers }, async () => {
        while (next < jobs.length) {
          const { round, authorId, i } = jobs[next++]!;
          const createdAt = new Date(Date.now() - spread + ((round * authors + i) / (authors * postsPerAuthor)) * spread);
          const post = { id: randomUUID(), authorId, body: `post ${round}`, mediaIds: [], createdAt, deletedAt: null };
          await store.putPost(post);
          // (Not `rows += await …`: that reads `rows` before the await and loses concurrent updates.)
          const written = await fanOut(prisma, store, settings, { postId: post.id, authorId, createdAt: createdAt.toISOString() });
          rows += written;
          if (next % 100 === 0) process.stdout.write(`  ${rows.toLocaleString()} rows, ${(rows / ((performance.now() - start) / 1000)).toFixed(0)} rows/s\n`);
        }
      }),
    );
    const fanOutSeconds = (performance.now() - start) / 1000;
    for (let i = 0; i < celebrityPosts; i++) {
      const createdAt = new Date(Date.now() - i * 3600 * 1000);
      await store.putPost({ id: randomUUID(), authorId: celebrity, body: `celebrity ${i}`, mediaIds: [], createdAt, deletedAt: null });
    }

    const deps = { db: prisma, store, settings };
    const direct = async (viewer: string) => {
      await readHome(deps, viewer, 20, null, await lazyBlockSet(prisma, 'timeline', viewer)());
    };
    const logger = createLogger('bench', 'silent');
    // The gateway's timeline subgraph reads the same Cassandra store.
    const gateway = await startInProcessGateway({
      prisma,
      config,
      overrides: { timeline: createTimelineSubgraph({ prisma, config, logger }, { store }) },
    });
    const viaGateway = async (viewer: string) => {
      const result = await gateway.run(`{ homeTimeline(first: 20) { edges { node { body author { handle } } } } }`, {}, viewer);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
    };

    const pushOnlyViewers = pick(readerIds.slice(readers / 2), sampleReaders);
    const hybridViewers = pick(hybrid, sampleReaders);
    const contenders: [string, (viewer: string) => Promise<void>, string[]][] = [
      ['push-only, direct', direct, pushOnlyViewers],
      ['hybrid, direct', direct, hybridViewers],
      ['push-only, gateway', viaGateway, pushOnlyViewers],
      ['hybrid, gateway', viaGateway, hybridViewers],
    ];
    const results: Record<string, number[]> = Object.fromEntries(contenders.map(([name]) => [name, []]));
    for (const [, read, viewers] of contenders) for (const viewer of viewers.slice(0, 10)) await read(viewer); // warm-up
    // Interleaved, in a rotating order, so caches warming and machine drift favour nobody.
    for (let i = 0; i < sampleReaders; i++) {
      for (let k = 0; k < contenders.length; k++) {
        const [name, read, viewers] = contenders[(i + k) % contenders.length]!;
        const began = performance.now();
        await read(viewers[i]!);
        results[name]!.push(performance.now() - began);
      }
    }
    for (const samples of Object.values(results)) samples.sort((a, b) => a - b);
    await gateway.stop();

    console.log(`\nFan-out: ${rows.toLocaleString()} home rows in ${fanOutSeconds.toFixed(1)} s = ${(rows / fanOutSeconds).toFixed(0)} rows/s`);
    console.log(`\nHome timeline, first page of 20, ${sampleReaders} readers each, over ${rows.toLocaleString()} rows:\n`);
    console.log('| reader, path | p50 ms | p99 ms | p50 vs push-only direct |');
    console.log('| --- | --- | --- | --- |');
    const base = percentile(results['push-only, direct']!, 50);
    for (const [name, samples] of Object.entries(results)) {
      console.log(`| ${name} | ${percentile(samples, 50).toFixed(1)} | ${percentile(samples, 99).toFixed(1)} | ${(percentile(samples, 50) / base).toFixed(2)}× |`);
    }
  } finally {
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`).catch(() => {});
    await client.shutdown();
    await prisma.$disconnect();
    await database.drop();
    await cassandra.release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
