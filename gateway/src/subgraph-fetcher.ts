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

/** One subgraph answer, read whole: shared by every fetch that waited on the same call. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A data source sets this on fetches it may share, to who is asking (never
 * sent on): identical fetches in flight at once with the same key share one
 * call. Only queries carry it; the key is the viewer, since what a subgraph
 * answers depends on who asks.
 */
export const shareKeyHeader = 'x-chorus-share-key';

class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  readonly ok: boolean;
  readonly statusText = '';
  readonly headers: ResponseHeaders;
  bodyUsed = false;

  constructor(
    readonly url: string,
    private readonly answer: Answer,
  ) {
    this.ok = answer.status >= 200 && answer.status < 300;
    this.headers = new ResponseHeaders(answer.headers);
  }
  get status(): number {
    return this.answer.status;
  }
  private consume(): string {
    if (this.bodyUsed) throw new TypeError('body used already');
    this.bodyUsed = true;
    return this.answer.body;
  }
  async text(): Promise<string> {
    return this.consume();
  }
  // Parsed per response: the gateway merges what it parses into its own result, so sharers must not share objects.
  async json(): Promise<unknown> {
    return JSON.parse(this.consume()) as unknown;
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.consume());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  clone(): FetcherResponse {
    throw new Error('subgraph responses are read once');
  }
}

export interface SubgraphFetcherOptions {
  /** Whether fetches that carry a share key may share a call (CHORUS_SHARE_SUBGRAPH_FETCHES). */
  share: boolean;
  /** Told of every fetch answered by a call another fetch made. */
  onShared?: () => void;
}

/** The fetcher the gateway's data sources call: same contract as fetch, for the little the gateway uses. */
export function subgraphFetcher(client: Dispatcher, options: SubgraphFetcherOptions = { share: false }): Fetcher {
  // Data sources call the same few URLs over and over: parse each once.
  const targets = new Map<string, { origin: string; path: string }>();
  const inFlight = new Map<string, Promise<Answer>>();

  async function call(url: string, init: FetcherRequestInit | undefined, headers: Record<string, string> | undefined): Promise<Answer> {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      targets.set(url, (target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` }));
    }
    const response = await client.request({
      origin: target.origin,
      path: target.path,
      method: (init?.method ?? 'GET') as Dispatcher.HttpMethod,
      headers,
      body: init?.body,
    });
    return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
  }

  return async (url: string, init?: FetcherRequestInit) => {
    const { [shareKeyHeader]: shareKey, ...headers } = init?.headers ?? {};
    if (!options.share || shareKey === undefined || typeof init?.body !== 'string') {
      return new SubgraphResponse(url, await call(url, init, headers));
    }
    const key = `${url}\n${shareKey}\n${init.body}`;
    const pending = inFlight.get(key);
    if (pending) {
      options.onShared?.();
      return new SubgraphResponse(url, await pending);
    }
    const answer = call(url, init, headers);
    inFlight.set(key, answer);
    // Shared only while in flight: a fetch that starts after the answer came asks again.
    const settled = () => inFlight.delete(key);
    answer.then(settled, settled);
    return new SubgraphResponse(url, await answer);
  };
}
