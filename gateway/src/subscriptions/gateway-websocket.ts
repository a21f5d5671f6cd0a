import type http from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import {
  GraphQLError,
  parse,
  print,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { SubscribePayload } from 'graphql-ws';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { ServiceMap } from '@apollo/gateway';
import type { ApolloServer } from '@apollo/server';
import { Counter, Gauge, type Registry } from 'prom-client';
import { ErrorCode, isSubgraphName, SlowConsumerError, type Config, type Logger } from '@chorus/runtime';
import { contextFor, type GatewayContext } from '../context.ts';
import { checkOperation, LimitExceeded } from '../limits/operation-limits.ts';
import { apqKey } from '../web-operations.ts';
import { executeEvent } from './event-executor.ts';
import type { SubscriptionPlanner } from './subscription-planner.ts';
import { UpstreamError, type UpstreamSubscriptions } from './upstream-subscriptions.ts';

/** Close codes of ours (graphql-ws leaves 4000–4999 free apart from its own). */
export const CloseCode = {
  /** The client did not read its messages fast enough; it should reconnect and sync. */
  SlowConsumer: 4008,
  /** The access token the connection was opened with has expired; reconnect with a fresh one. */
  TokenExpired: 4011,
} as const;

type SocketContext = GatewayContext & { slowConsumer(): void };

interface ConnectionState {
  context?: GatewayContext;
  expiry?: NodeJS.Timeout;
  /** Numbers the connection's operations for their request ids (the client's own ids are arbitrary text). */
  operations: number;
}

function coded(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/**
 * The operation text a subscribe payload stands for. A payload may name a
 * persisted query by `extensions.persistedQuery.sha256Hash`, as over HTTP,
 * with an empty `query` (graphql-ws insists on a string): its text comes from
 * the APQ cache the HTTP path reads, where the web client's manifest is
 * registered up front. A payload with both must agree with its hash. Nothing
 * is registered from here: a socket only reads what HTTP put there.
 */
export async function resolvePersistedQuery(payload: SubscribePayload, cache: KeyValueCache<string>): Promise<string | GraphQLError> {
  const persisted = payload.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
  if (persisted === undefined) return payload.query;
  if (persisted === null || typeof persisted !== 'object' || persisted.version !== 1) {
    return coded('Unsupported persisted query version.', ErrorCode.BadRequest);
  }
  const hash = persisted.sha256Hash;
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return coded('PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND');
  if (payload.query !== '') {
    if (createHash('sha256').update(payload.query).digest('hex') !== hash) return coded('provided sha does not match query', 'PERSISTED_QUERY_HASH_MISMATCH');
    return payload.query;
  }
  return (await cache.get(apqKey(hash))) ?? coded('PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND');
}

async function* once(result: ExecutionResult): AsyncGenerator<ExecutionResult> {
  yield result;
}

/**
 * graphql-ws on the gateway's /graphql. The access token travels in the
 * connection_init payload (`{ "Authorization": "Bearer …" }`); each
 * operation passes the same limits as over HTTP. Queries and mutations run
 * through the gateway as over HTTP; subscriptions are planned by the query
 * planner, opened on the owning subgraph, and every event is completed with
 * entity fetches from the other subgraphs.
 */
export function serveGatewayWebSocket(options: {
  httpServer: http.Server;
  config: Config;
  logger: Logger;
  apollo: ApolloServer<GatewayContext>;
  planner: SubscriptionPlanner;
  upstream: UpstreamSubscriptions;
  services: ServiceMap;
  registry: Registry;
  /** The APQ cache Apollo Server reads over HTTP: payloads that name a persisted query by hash are resolved from it. */
  persistedQueries: KeyValueCache<string>;
}): { dispose(): Promise<void> } {
  const { config, logger, planner, upstream, services, apollo, persistedQueries } = options;
  const active = new Gauge({ name: 'chorus_gateway_active_subscriptions', help: 'Subscriptions open on the gateway', registers: [options.registry] });
  const sockets = new Gauge({ name: 'chorus_gateway_websockets', help: 'WebSocket connections open on the gateway', registers: [options.registry] });
  const slowClosed = new Counter({
    name: 'chorus_gateway_slow_consumer_disconnects_total',
    help: 'Connections closed because the client fell too far behind',
    registers: [options.registry],
  });
  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: config.limits.maxQueryBytes + config.limits.maxVariablesBytes + 4096 });
  const states = new WeakMap<object, ConnectionState>();
  const stateOf = (extra: object): ConnectionState => {
    let state = states.get(extra);
    if (!state) states.set(extra, (state = { operations: 0 }));
    return state;
  };

  function subscribe(args: ExecutionArgs): AsyncIterableIterator<ExecutionResult> {
    const context = args.contextValue as GatewayContext;
    const query = print(args.document);
    const operationName = args.operationName ?? undefined;
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    let plan;
    try {
      plan = planner.plan(args.document, `${operationName ?? ''}\n${query}`, operationName);
    } catch (error) {
      return once({ errors: [coded(error instanceof Error ? error.message : 'could not plan', ErrorCode.BadRequest)] });
    }
    const owner = plan.primary.serviceName;
    if (!isSubgraphName(owner)) throw new Error(`unknown subgraph ${owner}`);
    const primaryVariables = Object.fromEntries(
      (plan.primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]),
    );
    const events = upstream.subscribe(
      owner,
      { query: plan.primary.operation, variables: primaryVariables, identity: context.identity, requestId: context.requestId },
      { limit: config.subscriptionMaxPendingEvents, onOverflow: () => (args.contextValue as SocketContext).slowConsumer() },
    );
    active.inc();
    let sequence = 0;
    let finished = false;
    const finish = async (): Promise<IteratorReturnResult<undefined>> => {
      if (!finished) {
        finished = true;
        active.dec();
        await events.return?.();
      }
      return { done: true, value: undefined };
    };
    // Not an async generator: its return() would wait for the pending upstream event, so a client
    // that leaves would keep its upstream subscription (and its presence) until the next event.
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        if (finished) return { done: true, value: undefined };
        let event;
        try {
          event = await events.next();
        } catch (error) {
          await finish();
          if (error instanceof SlowConsumerError) return { done: true, value: undefined };
          // The subgraph's errors (e.g. FORBIDDEN), or the close event of a lost upstream connection.
          const detail = error instanceof UpstreamError ? error.detail : error;
          const errors = Array.isArray(detail) ? (detail as GraphQLFormattedError[]) : [];
          if (errors.length > 0) return { done: false, value: { errors: errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions ?? {} })) } };
          context.logger.warn({ err: error }, 'upstream subscription ended');
          return { done: false, value: { errors: [coded('The subscription ended upstream; resubscribe and sync.', ErrorCode.SubgraphUnavailable)] } };
        }
        if (event.done) return finish();
        const result = event.value;
        if (!result.data) {
          return { done: false, value: { errors: (result.errors ?? []).map((e) => new GraphQLError(e.message, { extensions: e.extensions ?? {} })) } };
        }
        const eventContext: GatewayContext = { ...context, requestId: `${context.requestId}.${++sequence}` };
        const value = await executeEvent({ planner, plan, services, event: result.data, context: eventContext, query, variables, operationName });
        return { done: false, value: value as ExecutionResult };
      },
      return: finish,
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  async function execute(args: ExecutionArgs): Promise<ExecutionResult> {
    const response = await apollo.executeOperation(
      { query: print(args.document), variables: (args.variableValues ?? {}) as Record<string, unknown>, operationName: args.operationName ?? undefined },
      { contextValue: { ...(args.contextValue as GatewayContext), requestId: randomUUID() } },
    );
    if (response.body.kind !== 'single') return { errors: [coded('Incremental delivery is not supported here.', ErrorCode.BadRequest)] };
    return response.body.singleResult as ExecutionResult;
  }

  const cleanup = useServer<Record<string, unknown>, { request: http.IncomingMessage; socket: WebSocket }>(
    {
      schema: planner.apiGraphQLSchema,
      execute,
      subscribe,
      async onConnect(ctx) {
        const params = ctx.connectionParams ?? {};
        const authorization = params.Authorization ?? params.authorization;
        if (authorization !== undefined && typeof authorization !== 'string') return false;
        try {
          const context = await contextFor(authorization, `ws-${randomUUID()}`, ctx.extra.request.socket.remoteAddress ?? null, config.secrets.jwtSecret, logger);
          const state = stateOf(ctx.extra);
          state.context = context;
          if (context.expiresAt !== undefined) {
            // Stateless tokens end by time: so does a socket opened with one.
            state.expiry = setTimeout(() => ctx.extra.socket.close(CloseCode.TokenExpired, 'Access token expired'), Math.max(0, context.expiresAt - Date.now()));
            state.expiry.unref();
          }
          sockets.inc();
          return true;
        } catch {
          return false;
        }
      },
      onClose(ctx) {
        const state = states.get(ctx.extra);
        if (state?.context) sockets.dec();
        clearTimeout(state?.expiry);
      },
      async onSubscribe(ctx, _id, received) {
        const state = stateOf(ctx.extra);
        const context = state.context;
        if (!context) return [coded('Not connected.', ErrorCode.Unauthenticated)];
        const query = await resolvePersistedQuery(received, persistedQueries);
        if (query instanceof GraphQLError) return [query];
        // The limits apply to the text, however it came: the cost of a persisted query depends on its variables.
        const payload = { ...received, query };
        let document: DocumentNode | undefined;
        try {
          document = checkOperation(payload, config.limits);
        } catch (error) {
          if (error instanceof LimitExceeded) return [coded(error.message, error.code)];
          throw error;
        }
        if (document === undefined) {
          // The limits leave malformed documents alone; parse once more only to say what is wrong.
          try {
            parse(payload.query, { maxTokens: config.limits.maxTokens });
          } catch (error) {
            return [coded(error instanceof Error ? error.message : 'Syntax error', 'GRAPHQL_PARSE_FAILED')];
          }
          return [coded('The operation could not be read.', 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(planner.apiGraphQLSchema, document);
        if (errors.length > 0) return errors.map((e) => coded(e.message, 'GRAPHQL_VALIDATION_FAILED'));
        return {
          schema: planner.apiGraphQLSchema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue: {
            ...context,
            requestId: `${context.requestId}.${++state.operations}`,
            // graphql-ws sends one message at a time and waits for the socket to take it, so a client
            // that does not read makes events wait upstream; past the bound it is cut off (it
            // reconnects and syncs) instead of holding the gateway's memory hostage.
            slowConsumer: () => {
              const socket = ctx.extra.socket;
              if (socket.readyState !== socket.OPEN) return;
              slowClosed.inc();
              socket.close(CloseCode.SlowConsumer, 'Slow consumer: reconnect and sync');
              // The close frame waits behind what is buffered; a client that still reads nothing is dropped.
              setTimeout(() => socket.terminate(), 5_000).unref();
            },
          } satisfies SocketContext,
        };
      },
    },
    wsServer,
    30_000,
  );
  wsServer.on('error', (error) => logger.warn({ err: error }, 'websocket server error'));
  return {
    async dispose() {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
