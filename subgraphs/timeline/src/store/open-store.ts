import path from 'node:path';
import cassandra from 'cassandra-driver';
import { repoRoot, type PrismaClient, type TimelineConfig } from '@chorus/runtime';
import { applyCqlMigrations } from '@chorus/runtime/cassandra/cql-migrations';
import { CassandraTimelineStore } from './cassandra-timeline-store.ts';
import { SqlTimelineStore } from './sql-timeline-store.ts';
import type { TimelineStore } from './timeline-store.ts';

export const cqlMigrationsDir = path.join(repoRoot, 'subgraphs', 'timeline', 'cql');

export function cassandraClient(contactPoint: string): cassandra.Client {
  return new cassandra.Client({
    contactPoints: [contactPoint],
    // SimpleSnitch, which a single local node uses, names its data centre this.
    localDataCenter: 'datacenter1',
    socketOptions: { connectTimeout: 5000, readTimeout: 10_000 },
    // Come back quickly after a restart of the node instead of backing off for minutes.
    policies: { reconnection: new cassandra.policies.reconnection.ExponentialReconnectionPolicy(500, 5000, false) },
    queryOptions: { consistency: cassandra.types.consistencies.localQuorum },
  });
}

/** Cassandra when configured (migrating its keyspace first), else the SQL store on `db`. */
export async function openTimelineStore(db: PrismaClient, settings: TimelineConfig): Promise<TimelineStore> {
  if (settings.cassandraContactPoint === undefined) return new SqlTimelineStore(db);
  const client = cassandraClient(settings.cassandraContactPoint);
  await client.connect();
  await applyCqlMigrations(client, settings.cassandraKeyspace, cqlMigrationsDir);
  return new CassandraTimelineStore(client, settings.cassandraKeyspace);
}
