import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  createPrisma,
  identityHeader,
  loadConfig,
  signInternalIdentity,
  startSubgraphServer,
  type PrismaClient,
  type RunningServer,
} from '@chorus/runtime';
import { createUsersSubgraph } from '@chorus/users';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { testSecrets } from './support/secrets.ts';

// A subgraph called directly, over real HTTP, by someone who is not the gateway.
describe('subgraphs trust only the gateway', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let server: RunningServer;
  let victimId: string;
  const secret = testSecrets.CHORUS_INTERNAL_SECRET;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    prisma = createPrisma(database.url);
    const config = loadConfig({ ...testSecrets, DATABASE_URL: database.url });
    const logger = createLogger('test', 'silent');
    server = await startSubgraphServer(createUsersSubgraph({ prisma, config }), {
      host: '127.0.0.1',
      port: 0,
      logger,
      internalSecret: secret,
    });
    const victim = await prisma.user.create({
      data: { handle: 'victim', handleKey: 'victim', email: 'v@example.com', emailKey: 'v@example.com', displayName: 'V' },
    });
    victimId = victim.id;
  });
  afterAll(async () => {
    await server?.stop();
    await prisma?.$disconnect();
    await database?.drop();
  });

  async function call(headers: Record<string, string>) {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ me { id email } }' }),
    });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] } };
  }

  const asVictim = { userId: null as string | null, sessionId: null, clientIp: null };

  it('answers a request the gateway signed', async () => {
    const requestId = randomUUID();
    const signed = signInternalIdentity({ ...asVictim, userId: victimId }, requestId, secret, 30);
    const { status, body } = await call({ [identityHeader]: signed, 'x-request-id': requestId });
    expect(status).toBe(200);
    expect(body.data).toEqual({ me: { id: victimId, email: 'v@example.com' } });
  });

  it('refuses a request with no signature, executing nothing', async () => {
    const { status, body } = await call({ 'x-request-id': randomUUID() });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('refuses a forged user id, an expired signature and a signature lifted from another request', async () => {
    const requestId = randomUUID();
    const forged = signInternalIdentity({ ...asVictim, userId: victimId }, requestId, 'a-guessed-secret-0123456789abcdef', 30);
    const expired = signInternalIdentity({ ...asVictim, userId: victimId }, requestId, secret, 30, Date.now() - 120_000);
    const other = signInternalIdentity({ ...asVictim, userId: victimId }, 'some-other-request', secret, 30);
    for (const header of [forged, expired, other, 'v1.e30.AAAA']) {
      const { status, body } = await call({ [identityHeader]: header, 'x-request-id': requestId });
      expect(status).toBe(401);
      expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(body)).not.toContain('v@example.com');
    }
  });

  it('still serves health checks without a signature', async () => {
    expect((await fetch(server.url.replace('/graphql', '/healthz'))).status).toBe(200);
  });
});
