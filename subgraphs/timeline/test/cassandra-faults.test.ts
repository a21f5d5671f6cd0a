import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, publishEvent } from '@chorus/runtime';
import { userIds } from '../../../test/support/ids.ts';
import { startPrivateCassandra, testKeyspace, type PrivateCassandra } from '../../../test/support/cassandra.ts';
import { eventually } from '../../../test/support/eventually.ts';
import { errorCodes, startSubgraphHarness, type SubgraphHarness } from '../../../test/support/subgraph-harness.ts';
import type { TimelineServices } from '../src/context.ts';
import { createTimelineServices, createTimelineSubgraph, drainTimelineJobs } from '../src/service.ts';
import { openTimelineStore } from '../src/store/open-store.ts';
import type { TimelineStore } from '../src/store/timeline-store.ts';

// Its own daemon, because this test stops it. It runs only where Java can run Cassandra, which CI
// guarantees (the run fails there if Cassandra cannot start).
describe('timelines while Cassandra goes away and comes back', () => {
  let cassandra: PrivateCassandra;
  let harness: SubgraphHarness;
  let store: TimelineStore;
  let services: TimelineServices;
  beforeAll(async () => {
    cassandra = await startPrivateCassandra();
    const settings = { CHORUS_CASSANDRA: cassandra.contactPoint, CHORUS_CASSANDRA_KEYSPACE: testKeyspace() };
    harness = await startSubgraphHarness(
      'pglite',
      async (deps) => {
        store = await openTimelineStore(deps.prisma, deps.config.timeline);
        return createTimelineSubgraph(deps, { store });
      },
      settings,
    );
    services = createTimelineServices({ prisma: harness.db, config: harness.config, logger: createLogger('test', 'silent') }, { store });
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
    await store?.close();
    await cassandra?.release();
  });

  it('accepts posts durably or refuses them, and delivers every accepted one once Cassandra is back', async () => {
    const [author, reader] = userIds(2) as [string, string];
    await harness.db.$transaction((tx) => publishEvent(tx, 'follow.created', { followerId: reader, followeeId: author }));
    await harness.drainEvents();
    await harness.run(`{ homeTimeline { edges { cursor } } }`, {}, reader); // the reader is active
    const publish = (body: string) => harness.run(`mutation($b: String!) { createPost(input: { body: $b }) { id } }`, { b: body }, author);

    const accepted: string[] = [];
    for (const body of ['one', 'two']) accepted.push((((await publish(body)).data as any).createPost.id as string));
    // The daemon dies before the fan-out of those two has run.
    await cassandra.kill();
    const whileDown = await publish('three');
    expect(errorCodes(whileDown)).toEqual(['TIMELINE_UNAVAILABLE']);
    await expect(drainTimelineJobs(services)).rejects.toThrow(); // the jobs stay queued

    // Back on the same data folder and port; the driver reconnects by itself.
    await cassandra.restart();
    let four: string | undefined;
    await eventually(async () => {
      const result = await publish('four');
      expect(result.errors).toBeUndefined();
      four = (result.data as any).createPost.id;
    }, 60_000, 1000);
    accepted.push(four!);

    await eventually(async () => {
      await harness.db.job.updateMany({ data: { runAt: new Date(0) } }); // skip the retry backoff
      await drainTimelineJobs(services);
      const home = await harness.run(`{ homeTimeline(first: 10) { edges { node { id body } } } }`, {}, reader);
      expect((home.data as any).homeTimeline.edges.map((edge: any) => edge.node.id)).toEqual([...accepted].reverse());
    }, 60_000, 1000);
    expect(await harness.db.job.count()).toBe(0);
  }, 240_000);
});
