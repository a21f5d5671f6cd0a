import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig, subgraphNames, type RunningServer } from '@chorus/runtime';
import { createUsersSubgraph } from '@chorus/users';
import { startSubgraphHarness, type SubgraphHarness } from '../../test/support/subgraph-harness.ts';
import { testSecrets } from '../../test/support/secrets.ts';
import { deleteRedisKeys, redisUrl, sqlAndRedisKinds, uniqueRedisPrefix } from '../../test/support/redis.ts';
import { createApiKey } from '../src/public-api/api-keys.ts';
import { buildPublicManifest } from '../src/public-api/manifest.ts';
import { startGateway } from '../src/gateway-server.ts';

const profile = buildPublicManifest().operations.find((operation) => operation.name === 'PublicUserProfile')!;

// Two gateway instances, as behind a load balancer: a key's rate holds across both, not per instance.
describe.each(await sqlAndRedisKinds())('public API rate limit across gateway instances (%s)', (kind) => {
  let users: SubgraphHarness;
  const gateways: RunningServer[] = [];
  const prefix = uniqueRedisPrefix();

  beforeAll(async () => {
    // Only users answers here: PublicUserProfile for an unknown handle needs nothing from the other subgraphs.
    users = await startSubgraphHarness('pglite', createUsersSubgraph, {}, { http: true });
    const unused = 'http://127.0.0.1:9/graphql';
    const config = loadConfig({
      ...testSecrets,
      ...Object.fromEntries(subgraphNames.map((name) => [`CHORUS_${name.toUpperCase()}_URL`, unused])),
      CHORUS_USERS_URL: `${users.baseUrl}/graphql`,
      CHORUS_GATEWAY_PORT: '0',
      DATABASE_URL: users.database.url,
      ...(kind === 'redis' ? { CHORUS_REDIS_URL: redisUrl, CHORUS_REDIS_PREFIX: prefix } : {}),
    });
    const logger = createLogger('test', process.env.TEST_LOG ?? 'silent');
    for (let i = 0; i < 2; i++) gateways.push(await startGateway({ config, logger, prisma: users.db }));
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    if (kind === 'redis') await deleteRedisKeys(prefix);
    await users?.close();
  });

  async function call(gateway: RunningServer, apiKey: string) {
    const response = await fetch(gateway.url.replace('/graphql', '/public/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ id: profile.id, variables: { handle: 'nobody' } }),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
  }

  it('lets a key make its rate of requests through any mix of instances, then answers 429 with Retry-After', async () => {
    const [a, b] = gateways as [RunningServer, RunningServer];
    const { key, id } = await createApiKey(users.db, 'two-instance partner', 3);
    for (const gateway of [a, b, a]) {
      const ok = await call(gateway, key);
      expect([ok.status, ok.body]).toEqual([200, { data: { userByHandle: null } }]);
    }
    // Three per minute in all: the fourth is refused, whichever instance it reaches.
    for (const gateway of [b, a]) {
      const limited = await call(gateway, key);
      expect([limited.status, limited.body.errors[0].extensions.code]).toEqual([429, 'RATE_LIMITED']);
      expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(limited.retryAfter)).toBeLessThanOrEqual(20); // one token every 20 s
    }
    // Another key is not held back by this one.
    expect((await call(b, (await createApiKey(users.db, 'another partner', 3)).key)).status).toBe(200);

    if (kind === 'redis') {
      // With Redis configured the buckets live there, not in the database.
      expect(await users.db.rateLimit.count()).toBe(0);
      const redis = new Redis(redisUrl);
      expect(await redis.exists(`${prefix}rate-limit:api-key:${id}`)).toBe(1);
      redis.disconnect();
    }
  });
});
