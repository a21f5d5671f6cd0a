import autocannon from 'autocannon';
import { percentile } from '../support.ts';
import { cpuMillis } from './cpu-time.ts';

/** One kind of request to fire at one URL over and over. */
export interface LoadSpec {
  url: string;
  body: string;
  /** Fixed headers; `perRequest` adds ones that must differ each time. */
  headers: Record<string, string>;
  perRequest?: () => Record<string, string>;
  /** Why this response is not a correct answer, or undefined if it is. */
  invalid(data: unknown): string | undefined;
}

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  /** Timed seconds per cell, split over `rounds` slices. */
  seconds: number;
  rounds: number;
}

export interface Figures {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** The gateway process's CPU milliseconds per request, when a process was watched. */
  cpuPerRequest?: number;
  /** Subgraph calls per request, when they were counted. */
  subgraphCallsPerRequest?: number;
}

interface GraphQLBody {
  data?: unknown;
  errors?: unknown[];
}

/** Parses and checks a whole answer: what warm-up does to every response. */
function fullCheck(spec: LoadSpec, status: number, body: string): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 300)}`;
  let parsed: GraphQLBody;
  try {
    parsed = JSON.parse(body) as GraphQLBody;
  } catch {
    return `not JSON: ${body.slice(0, 300)}`;
  }
  if (parsed.errors?.length) return `errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`;
  if (parsed.data == null) return 'no data';
  return spec.invalid(parsed.data);
}

/**
 * A cheap check for the timed run, so the load generator does not spend its
 * CPU parsing: no error reply can pass it, since every GraphQL error reply
 * either is not a 200 or carries an "errors" member.
 */
function quickCheck(status: number, body: string): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 300)}`;
  if (body.includes('"errors"')) return `errors: ${body.slice(0, 300)}`;
  return undefined;
}

async function fire(
  spec: LoadSpec,
  connections: number,
  seconds: number,
  check: (status: number, body: string) => string | undefined,
): Promise<Slice> {
  const url = new URL(spec.url);
  const latencies: number[] = [];
  let wrong = 0;
  const firstFailures: string[] = [];
  const request: autocannon.Request = {
    method: 'POST',
    path: url.pathname,
    headers: { 'content-type': 'application/json', ...spec.headers, ...spec.perRequest?.() },
    body: spec.body,
    onResponse(status, body) {
      const failure = check(status, body);
      if (failure === undefined) return;
      wrong++;
      if (firstFailures.length < 3) firstFailures.push(failure);
    },
  };
  const { perRequest } = spec;
  // Called just before each request is written: a fresh request id and signature every time.
  if (perRequest) request.setupRequest = (req) => ({ ...req, headers: { ...req.headers, ...perRequest() } });
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: url.origin, connections, duration: seconds, requests: [request] },
      (error: unknown, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)),
    );
    // autocannon's own histogram keeps whole milliseconds; these are exact.
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  if (result.errors || result.timeouts || result.non2xx || wrong) {
    throw new Error(
      `${spec.url}: ${wrong} wrong answers, ${result.non2xx} non-2xx, ${result.errors} connection errors, ` +
        `${result.timeouts} timeouts. First: ${firstFailures.join(' | ') || 'none recorded'}`,
    );
  }
  return { latencies, seconds: result.duration };
}

/** Warm-up: every answer parsed and checked in full. Any wrong one fails the bench. */
export async function warmUp(spec: LoadSpec, settings: LoadSettings): Promise<void> {
  await fire(spec, settings.connections, settings.warmupSeconds, (status, body) => fullCheck(spec, status, body));
}

/** What to read around a timed slice besides the answers: a gateway's process, and the subgraphs' call counter. */
export interface SliceWatch {
  pid?: number;
  /** GraphQL requests the subgraphs have answered so far, all together. */
  subgraphCalls?: () => Promise<number>;
}

/**
 * A timed slice of load: exact latencies, how long it really ran, and what
 * the watched gateway cost meanwhile (its CPU time, the subgraph calls it
 * made). Wrong answers fail it too.
 */
export async function timedSlice(spec: LoadSpec, connections: number, seconds: number, watch: SliceWatch = {}): Promise<Slice> {
  const cpuBefore = watch.pid === undefined ? undefined : cpuMillis(watch.pid);
  const callsBefore = await watch.subgraphCalls?.();
  const slice = await fire(spec, connections, seconds, quickCheck);
  const cpuAfter = watch.pid === undefined ? undefined : cpuMillis(watch.pid);
  const callsAfter = await watch.subgraphCalls?.();
  return {
    ...slice,
    cpuMillis: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    subgraphCalls: callsBefore === undefined || callsAfter === undefined ? undefined : callsAfter - callsBefore,
  };
}

export interface Slice {
  latencies: number[];
  seconds: number;
  /** CPU milliseconds the watched process used during the slice. */
  cpuMillis?: number;
  /** Subgraph calls made during the slice. */
  subgraphCalls?: number;
}

/** Slices of one cell taken in different rounds, pooled: RPS over their total time, percentiles over all samples. */
export function pool(slices: Slice[]): Figures {
  const latencies = slices.flatMap((slice) => slice.latencies).sort((a, b) => a - b);
  const seconds = slices.reduce((sum, slice) => sum + slice.seconds, 0);
  const total = (of: (slice: Slice) => number | undefined) =>
    slices.every((slice) => of(slice) !== undefined) ? slices.reduce((sum, slice) => sum + of(slice)!, 0) : undefined;
  const perRequest = (amount: number | undefined) => (amount === undefined || latencies.length === 0 ? undefined : amount / latencies.length);
  return {
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuPerRequest: perRequest(total((slice) => slice.cpuMillis)),
    subgraphCallsPerRequest: perRequest(total((slice) => slice.subgraphCalls)),
  };
}
