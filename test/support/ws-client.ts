import { createClient, type Client, type FormattedExecutionResult, type SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscriber {
  /** Every result received so far, in order. */
  results: FormattedExecutionResult<Record<string, unknown>>[];
  /** Set when the server ended the subscription (complete or error). */
  ended: Promise<{ error?: unknown }>;
  /** Resolves once at least `count` results arrived (rejects after the timeout). */
  waitFor(count: number, timeoutMs?: number): Promise<FormattedExecutionResult<Record<string, unknown>>[]>;
  stop(): void;
}

/** A graphql-ws client for the gateway, acting as the holder of `accessToken`. */
export function connect(gatewayHttpUrl: string, accessToken?: string, options: { onClose?: (code: number, reason: string) => void } = {}): Client {
  return createClient({
    url: gatewayHttpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => options.onClose?.((event as { code: number }).code, String((event as { reason: unknown }).reason)) },
  });
}

/** `query` is the operation's text, or a whole payload (e.g. a persisted query by hash, with an empty `query`). */
export function subscribe(client: Client, query: string | SubscribePayload, variables: Record<string, unknown> = {}): Subscriber {
  const results: Subscriber['results'] = [];
  const waiters: Array<() => void> = [];
  let end!: (value: { error?: unknown }) => void;
  const ended = new Promise<{ error?: unknown }>((resolve) => (end = resolve));
  const stop = client.subscribe<Record<string, unknown>, Record<string, unknown>>(
    typeof query === 'string' ? { query, variables } : { variables, ...query },
    {
      next: (result: FormattedExecutionResult<Record<string, unknown>>) => {
        results.push(result);
        for (const wake of waiters.splice(0)) wake();
      },
      error: (error) => end({ error }),
      complete: () => end({}),
    },
  );
  return {
    results,
    ended,
    stop,
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (results.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} results, got ${results.length}: ${JSON.stringify(results)}`);
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), new Promise((resolve) => setTimeout(resolve, 100))]);
      }
      return results;
    },
  };
}

/** Waits until the subscription is established upstream: a short settle, since graphql-ws has no "subscribed" ack. */
export function settle(ms = 500): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
