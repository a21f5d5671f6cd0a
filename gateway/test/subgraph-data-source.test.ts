import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@chorus/runtime';
import { freePort } from '../../test/support/free-port.ts';
import { SubgraphDataSource } from '../src/subgraph-data-source.ts';
import { createSubgraphClient, shareKeyHeader, subgraphFetcher } from '../src/subgraph-fetcher.ts';
import { SubgraphMetrics } from '../src/subgraph-metrics.ts';

/**
 * A stand-in subgraph over real HTTP that misbehaves on request: what the
 * gateway's data sources must turn into SUBGRAPH_UNAVAILABLE rather than a
 * failed operation or a hung one.
 */
interface HeldRequest {
  body: string;
  headers: http.IncomingHttpHeaders;
  answer(): void;
}

function startSubgraph(held: HeldRequest[]): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      switch (req.url) {
        case '/ok':
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=30, public' });
          res.end(JSON.stringify({ data: { echo: JSON.parse(body) as unknown, identity: req.headers['x-test'] ?? null } }));
          return;
        case '/hang':
          return; // never answers
        case '/held': // answers when the test says so
          held.push({
            body,
            headers: req.headers,
            answer: () => {
              res.writeHead(200, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ data: { echo: JSON.parse(body) as unknown, sawShareKey: shareKeyHeader in req.headers } }));
            },
          });
          return;
        case '/stall':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"data":'); // and never finishes
          return;
        case '/error':
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('bad gateway');
          return;
        case '/text':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('not json');
          return;
        default:
          res.writeHead(404).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

type ProcessOptions = Parameters<SubgraphDataSource['process']>[0];
/** A call with no incoming operation behind it, as the gateway's health checks make (its kind enum is not exported). */
const healthCheck = (request: ProcessOptions['request']) => ({ kind: 'health check', request, context: {} }) as unknown as ProcessOptions;

describe('subgraph data source over real HTTP', () => {
  let server: http.Server;
  let base: string;
  const held: HeldRequest[] = [];
  const client = createSubgraphClient({ subgraphTimeoutMs: 300 });
  const registry = new Registry();
  const metrics = new SubgraphMetrics(registry);
  const source = (path: string) => new SubgraphDataSource('users', `${base}${path}`, { secret: 's'.repeat(32), ttlSeconds: 60 }, client, metrics);
  const call = (path: string) =>
    source(path).process(healthCheck({ query: '{ __typename }', variables: { n: 1 } }));
  const unavailable = async () => (await metrics.unavailable.get()).values.find((v) => v.labels.subgraph === 'users')?.value ?? 0;

  beforeAll(async () => {
    server = await startSubgraph(held);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the operation as JSON with its headers, and reads the answer and its headers', async () => {
    const response = await subgraphFetcher(client)(`${base}/ok`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'signed' },
      body: JSON.stringify({ query: '{ a }' }),
    });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('max-age=30, public');
    expect(response.headers.get('x-missing')).toBeNull();
    expect(await response.json()).toEqual({ data: { echo: { query: '{ a }' }, identity: 'signed' } });
    expect(response.bodyUsed).toBe(true);
  });

  it('returns what the subgraph answered through the gateway data source', async () => {
    const response = await call('/ok');
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ echo: { query: '{ __typename }', variables: { n: 1 } }, identity: null });
  });

  it.each([
    ['does not answer in time', '/hang'],
    ['stops sending its body halfway', '/stall'],
    ['answers with an HTTP error', '/error'],
    ['answers with something other than JSON', '/text'],
  ])('turns a subgraph that %s into SUBGRAPH_UNAVAILABLE, counted', async (_, path) => {
    const before = await unavailable();
    const response = await call(path);
    expect(response.data).toBeUndefined();
    expect(response.errors).toEqual([expect.objectContaining({ extensions: { code: ErrorCode.SubgraphUnavailable } })]);
    expect(await unavailable()).toBe(before + 1);
  });

  /** Waits until the stand-in subgraph holds `count` requests (and a moment more, for any stragglers), then answers them all. */
  async function answerHeld(count: number): Promise<number> {
    await expect.poll(() => held.length).toBeGreaterThanOrEqual(count);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const calls = held.splice(0);
    for (const request of calls) request.answer();
    return calls.length;
  }

  it('lets identical fetches in flight with the same share key share one call, each with its own parsed answer', async () => {
    const fetcher = subgraphFetcher(client, { share: true });
    const post = (key: string | undefined, body = '{"query":"{ a }"}') =>
      fetcher(`${base}/held`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { [shareKeyHeader]: key }) }, body });
    const same = Array.from({ length: 5 }, () => post('ann:s1'));
    expect(await answerHeld(1)).toBe(1);
    const answers = (await Promise.all((await Promise.all(same)).map((response) => response.json()))) as { data: { echo: unknown } }[];
    expect(answers).toHaveLength(5);
    for (const answer of answers) expect(answer).toEqual({ data: { echo: { query: '{ a }' }, sawShareKey: false } });
    // The gateway merges what it parses into its own result: one fetch's objects must not be another's.
    answers[0]!.data.echo = 'changed';
    expect(answers[1]!.data.echo).toEqual({ query: '{ a }' });

    // Other viewers, other operations, no key: calls of their own. The key itself never reaches the subgraph.
    const apart = [post('ann:s1'), post('bea:s2'), post('ann:s1', '{"query":"{ b }"}'), post(undefined), post(undefined)];
    expect(await answerHeld(5)).toBe(5);
    for (const response of await Promise.all(apart)) expect(((await response.json()) as { data: { sawShareKey: boolean } }).data.sawShareKey).toBe(false);
  });

  it('shares nothing when sharing is off', async () => {
    const fetcher = subgraphFetcher(client, { share: false });
    const calls = Array.from({ length: 3 }, () =>
      fetcher(`${base}/held`, { method: 'POST', headers: { 'content-type': 'application/json', [shareKeyHeader]: 'ann:s1' }, body: '{}' }),
    );
    expect(await answerHeld(3)).toBe(3);
    await Promise.all(calls);
  });

  it("shares a query's fetches between one viewer's requests, never a mutation's, and counts what it shared", async () => {
    const shared = async () => (await metrics.shared.get()).values.find((v) => v.labels.subgraph === 'users')?.value ?? 0;
    const sharing = new SubgraphDataSource('users', `${base}/held`, { secret: 's'.repeat(32), ttlSeconds: 60 }, client, metrics, true);
    const run = (operation: 'query' | 'mutation', userId: string) =>
      sharing.process({
        kind: 'incoming operation',
        request: { query: '{ a }', variables: {} },
        incomingRequestContext: { operation: { operation } },
        context: { requestId: randomUUID(), identity: { userId, sessionId: 's1', clientIp: '127.0.0.1' } },
      } as unknown as ProcessOptions);
    const before = await shared();
    const queries = [run('query', 'ann'), run('query', 'ann'), run('query', 'ann'), run('query', 'bea')];
    expect(await answerHeld(2)).toBe(2);
    for (const response of await Promise.all(queries)) expect(response.errors).toBeUndefined();
    expect(await shared()).toBe(before + 2);
    const mutations = [run('mutation', 'ann'), run('mutation', 'ann')];
    expect(await answerHeld(2)).toBe(2);
    await Promise.all(mutations);
    expect(await shared()).toBe(before + 2);
  });

  it('turns a subgraph that refuses connections into SUBGRAPH_UNAVAILABLE', async () => {
    const port = await freePort();
    const response = await new SubgraphDataSource('users', `http://127.0.0.1:${port}/graphql`, { secret: 's'.repeat(32), ttlSeconds: 60 }, client).process(
      healthCheck({ query: '{ __typename }' }),
    );
    expect(response.errors?.[0]?.extensions?.code).toBe(ErrorCode.SubgraphUnavailable);
  });
});
