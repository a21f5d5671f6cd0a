import { randomUUID } from 'node:crypto';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { anonymous, createEventStream, signInternalIdentity, type Config, type Identity, type Logger, type SubgraphName } from '@chorus/runtime';

/** What graphql-ws reports when a subscription fails: the subgraph's errors, or the close event. */
export class UpstreamError extends Error {
  constructor(readonly detail: unknown) {
    super('upstream subscription failed');
  }
}

export interface UpstreamOperation {
  query: string;
  variables: Record<string, unknown>;
  identity: Identity;
  requestId: string;
}

/**
 * One graphql-ws connection from this gateway to each subgraph that serves
 * subscriptions, carrying every client's subscriptions to it. The
 * connection proves it comes from the gateway; each operation on it carries
 * its own caller, signed.
 */
export class UpstreamSubscriptions {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly config: Config, private readonly logger: Logger) {}

  private sign(identity: Identity, requestId: string) {
    const { internalSecret } = this.config.secrets;
    return { identity: signInternalIdentity(identity, requestId, internalSecret, this.config.internalTokenTtlSeconds), requestId };
  }

  private client(name: SubgraphName): Client {
    let client = this.clients.get(name);
    if (client === undefined) {
      const url = this.config.subgraphUrls[name].replace(/^http/, 'ws');
      client = createClient({
        url,
        webSocketImpl: WebSocket,
        lazy: true,
        // Opened for the first subscription, closed a little after the last one ends.
        lazyCloseTimeout: 5_000,
        connectionParams: () => this.sign(anonymous, `ws-${randomUUID()}`),
        // A dropped connection ends its subscriptions with an error; clients resubscribe and sync.
        retryAttempts: 0,
        on: { error: (error) => this.logger.warn({ err: error, subgraph: name }, 'upstream websocket error') },
      });
      this.clients.set(name, client);
    }
    return client;
  }

  /**
   * Events wait here until the client's socket has taken the previous one
   * (graphql-ws sends one at a time). At most `limit` may wait: past that the
   * stream fails with SlowConsumerError instead of growing without bound.
   */
  subscribe(
    name: SubgraphName,
    operation: UpstreamOperation,
    backlog: { limit: number; onOverflow: () => void },
  ): AsyncIterableIterator<FormattedExecutionResult<Record<string, unknown>>> {
    const stream = createEventStream<FormattedExecutionResult<Record<string, unknown>>>({ ...backlog, onClose: () => unsubscribe() });
    const unsubscribe = this.client(name).subscribe<Record<string, unknown>, Record<string, unknown>>(
      { query: operation.query, variables: operation.variables, extensions: this.sign(operation.identity, operation.requestId) },
      {
        next: (value) => stream.push(value),
        error: (error) => stream.fail(error instanceof Error ? error : new UpstreamError(error)),
        complete: () => stream.end(),
      },
    );
    return stream;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.dispose()));
    this.clients.clear();
  }
}
