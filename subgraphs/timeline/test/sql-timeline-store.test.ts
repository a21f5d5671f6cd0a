import { afterAll, beforeAll, describe } from 'vitest';
import { createPrisma, type PrismaClient } from '@chorus/runtime';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/support/databases.ts';
import { SqlTimelineStore } from '../src/store/sql-timeline-store.ts';
import { timelineStoreContract } from './timeline-store-contract.ts';

describe.each(await databaseKinds())('SQL timeline store on %s', (kind) => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let store: SqlTimelineStore;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    prisma = createPrisma(database.url);
    store = new SqlTimelineStore(prisma);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });
  timelineStoreContract(
    () => store,
    (userId) => prisma.$transaction((tx) => store.forgetUser(userId, tx)),
  );
});
