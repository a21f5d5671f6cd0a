// `npm run bench:social`: friends-of-friends suggestions and a 1,000-user
// _entities resolution through the real query planner, with DataLoader
// batching on and off, against the real PostgreSQL. Prints medians and ratios.
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import {
  buildSubgraphApollo,
  createBaseContext,
  createLogger,
  createPrisma,
  loadConfig,
  type BaseContext,
  type LoaderOptions,
  type PrismaClient,
  type SubgraphDefinition,
} from '@chorus/runtime';
import { createSocialSubgraph } from '@chorus/social';
import { createUsersSubgraph } from '@chorus/users';
import { createTestDatabase } from '../test/support/databases.ts';
import { startInProcessGateway, type InProcessGateway } from '../test/support/in-process-gateway.ts';
import { testSecrets } from '../test/support/secrets.ts';
import { measure, report } from './support.ts';

const people = 2_000;
const friendsEach = 20;

async function seed(db: PrismaClient): Promise<string[]> {
  const ids = Array.from({ length: people }, () => randomUUID());
  await db.user.createMany({
    data: ids.map((id, i) => ({ id, handle: `p${i}`, handleKey: `p${i}`, displayName: `Person ${i}` })),
  });
  // A small-world graph: friends with neighbours on a ring, plus a few random long links.
  const follows: { followerId: string; followeeId: string }[] = [];
  ids.forEach((id, i) => {
    for (let k = 1; k <= friendsEach / 2; k++) {
      const other = k % 5 === 0 ? ids[Math.floor(Math.random() * people)]! : ids[(i + k) % people]!;
      if (other === id) continue;
      follows.push({ followerId: id, followeeId: other }, { followerId: other, followeeId: id });
    }
  });
  for (let i = 0; i < follows.length; i += 5_000) {
    await db.follow.createMany({ data: follows.slice(i, i + 5_000), skipDuplicates: true });
  }
  return ids;
}

/** Runs operations on one subgraph as the gateway's fetches would, with loaders batching or not. */
async function subgraph<TContext extends BaseContext>(definition: SubgraphDefinition<TContext>, loaderOptions: LoaderOptions) {
  const logger = createLogger('bench', 'silent');
  const server = buildSubgraphApollo(definition, logger);
  await server.start();
  return async (query: string, variables: Record<string, unknown>) => {
    const identity = { userId: null, sessionId: null, clientIp: null };
    const response = await server.executeOperation(
      { query, variables },
      { contextValue: definition.createContext(createBaseContext(identity, randomUUID(), logger, loaderOptions)) },
    );
    assert(response.body.kind === 'single');
    if (response.body.singleResult.errors) throw new Error(JSON.stringify(response.body.singleResult.errors));
  };
}

async function main(): Promise<void> {
  const database = await createTestDatabase('postgres');
  let statements = 0;
  const prisma = createPrisma(database.url, { onQuery: () => statements++ });
  try {
    console.log(`Seeding ${people} people with ~${friendsEach} friends each into a scratch PostgreSQL database...`);
    const ids = await seed(prisma);
    const viewer = ids[0]!;
    const config = loadConfig({ ...testSecrets, DATABASE_URL: database.url });
    const gateways: Record<'batched' | 'unbatched', InProcessGateway> = {
      batched: await startInProcessGateway({ prisma, config, loaderOptions: { batch: true } }),
      unbatched: await startInProcessGateway({ prisma, config, loaderOptions: { batch: false } }),
    };
    const suggestions = `{ followSuggestions(first: 50) { mutualFriendCount user { handle displayName followerCount } } }`;
    // What the gateway sends users and social to resolve 1,000 users of some list.
    const reps = ids.slice(1, 1_001).map((id) => ({ __typename: 'User', id }));
    const deps = { prisma, config, logger: createLogger('bench', 'silent') };
    const entityFetches = async (batch: boolean) => {
      const users = await subgraph(createUsersSubgraph(deps), { batch });
      const social = await subgraph(createSocialSubgraph(deps), { batch });
      return async () => {
        await users(`query($r: [_Any!]!) { _entities(representations: $r) { ... on User { handle displayName } } }`, { r: reps });
        await social(`query($r: [_Any!]!) { _entities(representations: $r) { ... on User { followerCount friendCount } } }`, {
          r: reps,
        });
      };
    };

    const runs = {
      suggestions: (g: InProcessGateway) => async () => {
        const result = await g.run(suggestions, {}, viewer);
        if (result.errors) throw new Error(JSON.stringify(result.errors));
      },
    };
    const title = "followSuggestions(first: 50) through the gateway, with each suggestion's name and follower count";
    report(
      title,
      await measure('unbatched', runs.suggestions(gateways.unbatched), () => statements, { iterations: 10 }),
      await measure('batched', runs.suggestions(gateways.batched), () => statements, { iterations: 10 }),
    );
    report(
      '_entities of 1,000 users: handle and name from users, follower and friend counts from social',
      await measure('unbatched', await entityFetches(false), () => statements, { iterations: 5, warmup: 1 }),
      await measure('batched', await entityFetches(true), () => statements, { iterations: 5, warmup: 1 }),
    );
    await Promise.all(Object.values(gateways).map((g) => g.stop()));
  } finally {
    await prisma.$disconnect();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
