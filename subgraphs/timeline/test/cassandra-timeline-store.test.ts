import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Transaction } from '@chorus/runtime';
import { applyCqlMigrations } from '@chorus/runtime/cassandra/cql-migrations';
import { testKeyspace } from '../../../test/support/cassandra.ts';
import { CassandraTimelineStore } from '../src/store/cassandra-timeline-store.ts';
import { cassandraClient, cqlMigrationsDir } from '../src/store/open-store.ts';
import { timelineStoreContract } from './timeline-store-contract.ts';

const contactPoint = inject('cassandra');

describe.skipIf(contactPoint === null)('Cassandra timeline store', () => {
  const keyspace = testKeyspace();
  let store: CassandraTimelineStore;
  beforeAll(async () => {
    const client = cassandraClient(contactPoint!);
    await client.connect();
    await applyCqlMigrations(client, keyspace, cqlMigrationsDir);
    store = new CassandraTimelineStore(client, keyspace);
  });
  afterAll(async () => {
    if (!store) return;
    const client = cassandraClient(contactPoint!);
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
    await client.shutdown();
    await store.close();
  });
  timelineStoreContract(
    () => store,
    (userId) => store.forgetUser(userId, undefined as unknown as Transaction),
  );
});
