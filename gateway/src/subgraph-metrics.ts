import { Counter, Histogram, type Registry } from 'prom-client';

/** How each subgraph answers the gateway: latency, and failures to answer at all. */
export class SubgraphMetrics {
  readonly duration: Histogram<'subgraph'>;
  readonly unavailable: Counter<'subgraph'>;
  readonly shared: Counter<'subgraph'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'chorus_subgraph_duration_seconds',
      help: 'Time one subgraph took to answer one fetch of a query plan',
      labelNames: ['subgraph'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    this.unavailable = new Counter({
      name: 'chorus_subgraph_unavailable_total',
      help: 'Fetches a subgraph did not answer (down, timed out)',
      labelNames: ['subgraph'],
      registers: [registry],
    });
    this.shared = new Counter({
      name: 'chorus_subgraph_shared_fetches_total',
      help: 'Fetches answered by an identical call already in flight for the same viewer, instead of a call of their own',
      labelNames: ['subgraph'],
      registers: [registry],
    });
  }
}
