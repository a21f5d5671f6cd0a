import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, loadConfig, type PrismaClient } from '@chorus/runtime';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.ts';
import { startInProcessGateway } from './support/in-process-gateway.ts';
import { testSecrets } from './support/secrets.ts';

const authors = 50;
const friendsEach = 12;

// Posts → their authors (users) → each author's first 10 friends (social) → the friends' names (users).
const feed = /* GraphQL */ `
  {
    recentPosts(first: 50) {
      edges { node { body author { handle friends(first: 10) { edges { node { displayName } } } } } }
    }
  }
`;

/** 60 people in a ring, each a friend of the 12 after it; one post per author. */
async function seed(db: PrismaClient): Promise<string[]> {
  const ids = Array.from({ length: authors + 10 }, () => randomUUID());
  await db.user.createMany({
    data: ids.map((id, i) => ({ id, handle: `person_${i}`, handleKey: `person_${i}`, displayName: `Person ${i}` })),
  });
  const follows = ids.slice(0, authors).flatMap((id, i) =>
    Array.from({ length: friendsEach }, (_, k) => ids[(i + k + 1) % ids.length]!).flatMap((friend) => [
      { followerId: id, followeeId: friend },
      { followerId: friend, followeeId: id },
    ]),
  );
  await db.follow.createMany({ data: follows, skipDuplicates: true });
  await db.post.createMany({
    data: ids.slice(0, authors).map((authorId, i) => ({ authorId, body: `post ${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) })),
  });
  return ids;
}

describe.each(await databaseKinds())('database round trips of a federated query on %s', (kind) => {
  let database: TestDatabase;
  let statements: string[] = [];
  let prisma: PrismaClient;
  let viewer: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    prisma = createPrisma(database.url, { onQuery: (sql) => statements.push(sql) });
    viewer = (await seed(prisma)).at(-1)!;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  async function countStatements(batch: boolean): Promise<number> {
    const gateway = await startInProcessGateway({
      prisma,
      config: loadConfig({ ...testSecrets, DATABASE_URL: database.url }),
      loaderOptions: { batch },
    });
    try {
      statements = [];
      const result = await gateway.run(feed, {}, viewer);
      expect(result.errors).toBeUndefined();
      const edges = (result.data as any).recentPosts.edges;
      expect(edges).toHaveLength(authors);
      for (const edge of edges) expect(edge.node.author.friends.edges).toHaveLength(10);
      expect(edges[0].node.author.friends.edges[0].node.displayName).toMatch(/^Person \d+$/);
      return statements.length;
    } finally {
      await gateway.stop();
    }
  }

  it('costs a fixed number of statements with batching, and grows with the rows without it', async () => {
    const batched = await countStatements(true);
    // timeline: the viewer's block set, 1 page of the index, 1 batch of post bodies (content and
    // index apart); users: 1 batch of authors; social: 3 for
    // the 50 friend lists (account privacy, viewer relations, one LATERAL query for every page);
    // users: 1 batch of friends' names.
    expect(batched).toBe(8);
    const unbatched = await countStatements(false);
    // One query per author and three per friend list, plus one per distinct friend shown (the
    // per-request cache still spares repeats): it grows with the 50 rows.
    expect(unbatched).toBeGreaterThan(1 + authors + 3 * authors);
  });
});
