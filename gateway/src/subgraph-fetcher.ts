import type { IncomingHttpHeaders } from 'node:http';
import type { Fetcher, FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { Agent, type Dispatcher } from 'undici';
import type { Config } from '@chorus/runtime';

/**
 * The HTTP client of every subgraph call: undici's dispatcher API, with a
 * keep-alive pool per subgraph. Not `fetch`: a fetch builds a Request, a
 * Response, web streams and a transferable AbortSignal for every call, the
 * largest part of the gateway's own CPU time per subgraph fetch when
 * profiled under load. A subgraph must start answering within the timeout,
 * and its body may not stall for longer than that either.
 */
export function createSubgraphClient(config: Pick<Config, 'subgraphTimeoutMs'>): Agent {
  return new Agent({ headersTimeout: config.subgraphTimeoutMs, bodyTimeout: config.subgraphTimeoutMs });
}

/** A subgraph's response headers, read-only: the gateway only reads them (content-type, cache-control). */
class ResponseHeaders implements FetcherHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
  *entries(): Iterator<[string, string]> {
    for (const name of Object.keys(this.raw)) yield [name, this.get(name)!];
  }
  *keys(): Iterator<string> {
    yield* Object.keys(this.raw);
  }
  *values(): Iterator<string> {
    for (const name of Object.keys(this.raw)) yield this.get(name)!;
  }
  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries();
  }
  append(): void {
    throw new Error('subgraph response headers are read-only');
  }
  delete(): void {
    throw new Error('subgraph response headers are read-only');
  }
  set(): void {
    throw new Error('subgraph response headers are read-only');
  }
}

class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  readonly ok: boolean;
  readonly statusText = '';
  readonly headers: ResponseHeaders;
  bodyUsed = false;

  constructor(
    readonly url: string,
    private readonly answer: Dispatcher.ResponseData,
  ) {
    this.ok = answer.statusCode >= 200 && answer.statusCode < 300;
    this.headers = new ResponseHeaders(answer.headers);
  }
  get status(): number {
    return this.answer.statusCode;
  }
  private consume(): Dispatcher.ResponseData['body'] {
    this.bodyUsed = true;
    return this.answer.body;
  }
  text(): Promise<string> {
    return this.consume().text();
  }
  json(): Promise<unknown> {
    return this.consume().json();
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return this.consume().arrayBuffer();
  }
  clone(): FetcherResponse {
    throw new Error('subgraph responses are read once');
  }
}

/** The fetcher the gateway's data sources call: same contract as fetch, for the little the gateway uses. */
export function subgraphFetcher(client: Dispatcher): Fetcher {
  // Data sources call the same few URLs over and over: parse each once.
  const targets = new Map<string, { origin: string; path: string }>();
  return async (url: string, init?: FetcherRequestInit) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      targets.set(url, (target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` }));
    }
    const answer = await client.request({
      origin: target.origin,
      path: target.path,
      method: (init?.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: init?.headers,
      body: init?.body,
    });
    return new SubgraphResponse(url, answer);
  };
}
