import { describe, expect, it } from 'vitest';
import { ServiceMetrics, type JobQueue } from '../src/index.ts';

/** A queue backend that knows only its depths; nothing else of it is used by the gauge. */
function queueWithDepths(depths: Record<string, number | Error>): JobQueue {
  const unused = () => Promise.reject(new Error('not used by the gauge'));
  return {
    kind: 'sql',
    enqueue: unused,
    drain: unused,
    work: () => ({ stop: unused }),
    close: unused,
    depth: async (name) => {
      const depth = depths[name] ?? 0;
      if (depth instanceof Error) throw depth;
      return depth;
    },
  };
}

describe('chorus_job_queue_depth', () => {
  it('reads each queue at scrape time, and a queue that cannot be read drops out without failing the scrape', async () => {
    const metrics = new ServiceMetrics('test');
    const depths: Record<string, number | Error> = { 'a.one': 2 };
    const queue = queueWithDepths(depths);
    metrics.trackJobQueues([{ queue, name: 'a.one' }, { queue, name: 'a.two' }]);

    let text = await metrics.registry.metrics();
    expect(text).toContain('chorus_job_queue_depth{queue="a.one",service="test"} 2');
    expect(text).toContain('chorus_job_queue_depth{queue="a.two",service="test"} 0');

    depths['a.one'] = 5;
    depths['a.two'] = new Error('Redis is down');
    text = await metrics.registry.metrics();
    expect(text).toContain('chorus_job_queue_depth{queue="a.one",service="test"} 5');
    expect(text).not.toContain('queue="a.two"');
    expect(text).toContain('chorus_graphql_requests_total');
  });

  it('is not registered by a service without queues', async () => {
    const metrics = new ServiceMetrics('test');
    metrics.trackJobQueues([]);
    expect(await metrics.registry.metrics()).not.toContain('chorus_job_queue_depth');
  });
});
