import type express from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApolloServerPlugin } from '@apollo/server';
import type { NamedQueue } from '../jobs/job-queue.ts';

/**
 * Prometheus metrics of one service: every GraphQL request counted and timed
 * by operation name, every error counted by code (the WeChat lesson: each
 * business path gets a counter). Served at /metrics.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation'>;
  readonly errors: Counter<'code'>;
  readonly duration: Histogram<'operation'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'chorus_graphql_requests_total',
      help: 'GraphQL operations received, by operation name',
      labelNames: ['operation'],
      registers: [this.registry],
    });
    this.errors = new Counter({
      name: 'chorus_graphql_errors_total',
      help: 'GraphQL errors returned, by extensions.code',
      labelNames: ['code'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'chorus_graphql_duration_seconds',
      help: 'Time to answer a GraphQL operation, by operation name',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }

  /** Operation names come from clients: only plain, short ones become label values. */
  static label(name: string | null | undefined): string {
    return name && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : 'anonymous';
  }

  plugin<TContext extends object>(): ApolloServerPlugin<TContext> {
    const metrics = this;
    return {
      async requestDidStart() {
        const stop = metrics.duration.startTimer();
        return {
          async willSendResponse({ operationName, errors }) {
            const operation = ServiceMetrics.label(operationName);
            metrics.requests.inc({ operation });
            stop({ operation });
            for (const error of errors ?? []) metrics.errors.inc({ code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
          },
        };
      },
    };
  }

  /**
   * chorus_job_queue_depth{queue}, read from the queues at each scrape, so
   * it is never stale and costs nothing between scrapes. A queue that cannot
   * be read loses its series for that scrape instead of failing all of
   * /metrics: absent() alerts see it, and the other metrics still arrive.
   */
  trackJobQueues(queues: readonly NamedQueue[]): void {
    if (queues.length === 0) return;
    new Gauge({
      name: 'chorus_job_queue_depth',
      help: 'Jobs not yet finished (waiting, running or waiting to be retried), by queue',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        await Promise.all(
          queues.map(async ({ queue, name }) => {
            try {
              this.set({ queue: name }, await queue.depth(name));
            } catch {
              this.remove({ queue: name });
            }
          }),
        );
      },
    });
  }

  mount(app: express.Express): void {
    app.get('/metrics', async (_req, res) => {
      res.type(this.registry.contentType).send(await this.registry.metrics());
    });
  }
}
