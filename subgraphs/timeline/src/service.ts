import {
  blockProjectionHandlers,
  combineHandlers,
  loadSubgraphTypeDefs,
  pingDatabase,
  RedisJobQueue,
  SqlJobQueue,
  type JobHandler,
  type JobQueue,
  type SubgraphDefinition,
  type SubgraphDeps,
} from '@chorus/runtime';
import { createTimelineContext, type TimelineContext, type TimelineServices } from './context.ts';
import { timelineEvents } from './events.ts';
import { backfill, backfillQueue, fanOut, fanOutQueue, type BackfillJob, type FanOutJob } from './fan-out.ts';
import { projectionEvents } from './projections.ts';
import { resolvers } from './resolvers/index.ts';
import { SqlTimelineStore } from './store/sql-timeline-store.ts';
import type { TimelineStore } from './store/timeline-store.ts';

export interface TimelineOptions {
  /** Defaults to the SQL store; the service entry point passes Cassandra when configured. */
  store?: TimelineStore;
  queue?: JobQueue;
}

export function createTimelineServices(deps: SubgraphDeps, options: TimelineOptions = {}): TimelineServices {
  return {
    db: deps.prisma,
    store: options.store ?? new SqlTimelineStore(deps.prisma),
    queue: options.queue ?? (deps.config.redisUrl ? RedisJobQueue.connect(deps.config.redisUrl, `${deps.config.redisPrefix}jobs:`) : new SqlJobQueue(deps.prisma)),
    settings: deps.config.timeline,
  };
}

/** The background jobs of timelines, by queue. */
function jobHandlers(services: TimelineServices): Record<string, JobHandler> {
  return {
    [fanOutQueue]: (job) => fanOut(services.db, services.store, services.settings, job as FanOutJob).then(() => {}),
    [backfillQueue]: (job) => backfill(services.db, services.store, services.settings, job as BackfillJob),
  };
}

/** Runs every job queued now (tests, tools); the workers do this continuously. */
export async function drainTimelineJobs(services: TimelineServices): Promise<number> {
  let done = 0;
  for (const [name, handler] of Object.entries(jobHandlers(services))) done += await services.queue.drain(name, handler);
  return done;
}

export function createTimelineSubgraph(deps: SubgraphDeps, options: TimelineOptions = {}): SubgraphDefinition<TimelineContext> {
  const { prisma, config, logger } = deps;
  const services = createTimelineServices(deps, options);
  const { store, queue } = services;
  return {
    name: 'timeline',
    typeDefs: loadSubgraphTypeDefs('timeline'),
    resolvers,
    createContext: (base) => createTimelineContext(base, services),
    checkReady: () => pingDatabase(prisma),
    events: combineHandlers(timelineEvents(store), projectionEvents(queue), blockProjectionHandlers('timeline')),
    // Every queue that has a handler, so a new queue cannot be left out of the depth metric.
    jobQueues: Object.keys(jobHandlers(services)).map((name) => ({ queue, name })),
    startWorkers: () => {
      const options = { pollMs: config.eventPollMs, logger };
      const workers = Object.entries(jobHandlers(services)).map(([name, handler]) => queue.work(name, handler, options));
      // Hourly, the SQL store drops entries past retention (Cassandra's TTL needs no help).
      const expiry = setInterval(() => {
        store.expireHomeEntries().catch((error: unknown) => logger.warn({ err: error }, 'expiring home entries failed'));
      }, 3600_000);
      expiry.unref();
      return {
        stop: async () => {
          clearInterval(expiry);
          await Promise.all(workers.map((worker) => worker.stop()));
        },
      };
    },
    close: async () => {
      await queue.close();
      await store.close();
    },
  };
}
