import { runSubgraphMain } from '@chorus/runtime';
import { createTimelineSubgraph } from './service.ts';
import { openTimelineStore } from './store/open-store.ts';

// Cassandra when CHORUS_CASSANDRA is set (its keyspace migrated first), else the SQL store.
runSubgraphMain('timeline', async (deps) =>
  createTimelineSubgraph(deps, { store: await openTimelineStore(deps.prisma, deps.config.timeline) }),
);
