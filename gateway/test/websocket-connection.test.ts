import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createPrisma, issueAccessToken, loadConfig, type PrismaClient, type RunningServer } from '@chorus/runtime';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { testSecrets } from '../../test/support/secrets.ts';
import { startGateway } from '../src/gateway-server.ts';

/** Opens a graphql-ws connection with `payload` and reports how the server answered: acknowledged, or the close code. */
async function handshake(url: string, payload: unknown, waitForClose = false): Promise<{ acked: boolean; closeCode?: number }> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.send(JSON.stringify({ type: 'connection_init', payload }));
  const first = await Promise.race([
    new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data)))),
    closed.then((code) => ({ code })),
  ]);
  if (typeof first !== 'string') return { acked: false, closeCode: first.code };
  const acked = (JSON.parse(first) as { type: string }).type === 'connection_ack';
  if (!waitForClose) {
    socket.close();
    return { acked };
  }
  return { acked, closeCode: await closed };
}

describe('gateway WebSocket connections', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let gateway: RunningServer;
  let url: string;
  const config = loadConfig({ ...testSecrets, CHORUS_GATEWAY_PORT: '0' });

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    prisma = createPrisma(database.url);
    gateway = await startGateway({ config, logger: createLogger('test', process.env.TEST_LOG ?? 'silent'), prisma });
    url = gateway.url.replace(/^http/, 'ws');
  });
  afterAll(async () => {
    await gateway?.stop();
    await prisma?.$disconnect();
    await database?.drop();
  });

  const token = async (ttlSeconds: number, secret = config.secrets.jwtSecret) =>
    (await issueAccessToken({ userId: randomUUID(), sessionId: randomUUID() }, secret, ttlSeconds)).token;

  it('accepts a valid token and an anonymous connection', async () => {
    expect(await handshake(url, { Authorization: `Bearer ${await token(60)}` })).toEqual({ acked: true });
    expect(await handshake(url, {})).toEqual({ acked: true });
  });

  it('refuses forged, malformed and non-string credentials with 4403', async () => {
    const forged = await token(60, 'x'.repeat(40));
    for (const payload of [{ Authorization: `Bearer ${forged}` }, { Authorization: 'Basic abc' }, { Authorization: 42 }, { Authorization: 'Bearer ' + 'a'.repeat(5000) }]) {
      expect(await handshake(url, payload), JSON.stringify(payload).slice(0, 60)).toEqual({ acked: false, closeCode: 4403 });
    }
  });

  it('closes the socket with 4011 when the access token it was opened with expires', async () => {
    expect(await handshake(url, { Authorization: `Bearer ${await token(2)}` }, true)).toEqual({ acked: true, closeCode: 4011 });
  });

  it('closes on a frame that is not graphql-ws, and on a subscribe before connection_init', async () => {
    const early = new WebSocket(url, 'graphql-transport-ws');
    await new Promise((resolve) => early.once('open', resolve));
    const earlyClosed = new Promise<number>((resolve) => early.once('close', (code) => resolve(code)));
    early.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: '{ __typename }' } }));
    expect(await earlyClosed).toBe(4401);

    const garbage = new WebSocket(url, 'graphql-transport-ws');
    await new Promise((resolve) => garbage.once('open', resolve));
    const garbageClosed = new Promise<number>((resolve) => garbage.once('close', (code) => resolve(code)));
    garbage.send(JSON.stringify({ type: 'no-such-type' }));
    expect(await garbageClosed).toBe(4400);
  });
});
