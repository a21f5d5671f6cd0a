import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphDefinition, SubgraphDeps } from '@chorus/runtime';
import { eventually } from '../../../test/support/eventually.ts';
import { userIds } from '../../../test/support/ids.ts';
import { deleteRedisKeys, redisUrl, sqlAndRedisKinds, uniqueRedisPrefix } from '../../../test/support/redis.ts';
import { startSubgraphHarness, type SubgraphHarness } from '../../../test/support/subgraph-harness.ts';
import type { TimelineContext } from '../src/context.ts';
import { backfillQueue, fanOutQueue } from '../src/fan-out.ts';
import { createTimelineSubgraph } from '../src/service.ts';

const createPost = `mutation($body: String!) { createPost(input: { body: $body }) { id } }`;

/** The value of chorus_job_queue_depth{queue} in a Prometheus text exposition, or undefined when absent. */
function depthIn(exposition: string, queue: string): number | undefined {
  const line = exposition
    .split('\n')
    .find((row) => row.startsWith('chorus_job_queue_depth{') && row.includes(`queue="${queue}"`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

// The queue the timeline subgraph picks from its configuration: SQL by default, Redis streams with CHORUS_REDIS_URL.
describe.each(await sqlAndRedisKinds())('timeline job queue depths on /metrics (%s queue)', (kind) => {
  let harness: SubgraphHarness;
  let definition: SubgraphDefinition<TimelineContext>;
  const prefix = uniqueRedisPrefix();
  const scrape = async () => {
    const response = await fetch(`${harness.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    const env: Record<string, string> = kind === 'redis' ? { CHORUS_REDIS_URL: redisUrl, CHORUS_REDIS_PREFIX: prefix } : {};
    // Kept so the test can start the workers later and close the queue's connection.
    const factory = (deps: SubgraphDeps) => (definition = createTimelineSubgraph(deps));
    harness = await startSubgraphHarness('pglite', factory, env, { http: true });
  });
  afterAll(async () => {
    await harness?.close();
    await definition?.close?.();
    if (kind === 'redis') await deleteRedisKeys(prefix);
  });

  it('counts queued fan-out jobs while no worker runs, and drops to zero once workers drain them', async () => {
    const [author] = userIds(1) as [string];
    expect(depthIn(await scrape(), fanOutQueue)).toBe(0);
    for (let i = 0; i < 3; i++) expect((await harness.run(createPost, { body: `post ${i}` }, author)).errors).toBeUndefined();
    const queued = await scrape();
    expect(depthIn(queued, fanOutQueue)).toBe(3);
    expect(depthIn(queued, backfillQueue)).toBe(0);

    const workers = definition.startWorkers!();
    try {
      await eventually(async () => expect(depthIn(await scrape(), fanOutQueue)).toBe(0));
    } finally {
      await workers.stop();
    }
  });
});
