import type http from 'node:http';
import { randomUUID } from 'node:crypto';
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
import type { ServiceMap } from '@apollo/gateway';
import type { ApolloServer } from '@apollo/server';
import { Gauge, type Registry } from 'prom-client';
import { ErrorCode, isSubgraphName, type Config, type Logger } from '@chorus/runtime';
import { contextFor, type GatewayContext } from '../context.ts';
import { checkOperation, LimitExceeded } from '../limits/operation-limits.ts';
import { executeEvent } from './event-executor.ts';
import type { SubscriptionPlanner } from './subscription-planner.ts';
import type { UpstreamSubscriptions } from './upstream-subscriptions.ts';

/** Close codes of ours (graphql-ws leaves 4000–4999 free apart from its own). */
export const CloseCode = {
  /** The client did not read its messages fast enough; it should reconnect and sync. */
  SlowConsumer: 4008,
  /** The access token the connection was opened with has expired; reconnect with a fresh one. */
  TokenExpired: 4011,
} as const;

interface ConnectionState {
  context?: GatewayContext;
  expiry?: NodeJS.Timeout;
}

function coded(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
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
}): { dispose(): Promise<void> } {
  const { config, logger, planner, upstream, services, apollo } = options;
  const active = new Gauge({ name: 'chorus_gateway_active_subscriptions', help: 'Subscriptions open on the gateway', registers: [options.registry] });
  const sockets = new Gauge({ name: 'chorus_gateway_websockets', help: 'WebSocket connections open on the gateway', registers: [options.registry] });
  const slowClosed = new Gauge({
    name: 'chorus_gateway_slow_consumer_disconnects',
    help: 'Connections closed because the client fell too far behind (since start)',
    registers: [options.registry],
  });
  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: config.limits.maxQueryBytes + config.limits.maxVariablesBytes + 4096 });
  const states = new WeakMap<object, ConnectionState>();
  const stateOf = (extra: object): ConnectionState => {
    let state = states.get(extra);
    if (!state) states.set(extra, (state = {}));
    return state;
  };

  async function* subscribe(args: ExecutionArgs): AsyncGenerator<ExecutionResult> {
    const context = args.contextValue as GatewayContext;
    const query = print(args.document);
    const operationName = args.operationName ?? undefined;
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    let plan;
    try {
      plan = planner.plan(args.document, `${operationName ?? ''}\n${query}`, operationName);
    } catch (error) {
      yield { errors: [coded(error instanceof Error ? error.message : 'could not plan', ErrorCode.BadRequest)] };
      return;
    }
    const owner = plan.primary.serviceName;
    if (!isSubgraphName(owner)) throw new Error(`unknown subgraph ${owner}`);
    const primaryVariables = Object.fromEntries((plan.primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]));
    const events = upstream.subscribe(owner, { query: plan.primary.operation, variables: primaryVariables, identity: context.identity, requestId: context.requestId });
    active.inc();
    let sequence = 0;
    try {
      for await (const event of events) {
        if (!event.data) {
          yield { errors: (event.errors ?? []).map((e) => new GraphQLError(e.message, { extensions: e.extensions ?? {} })) };
          continue;
        }
        const eventContext: GatewayContext = { ...context, requestId: `${context.requestId}.${++sequence}` };
        const result = await executeEvent({ planner, plan, services, event: event.data, context: eventContext, query, variables, operationName });
        yield result as ExecutionResult;
      }
    } catch (error) {
      // graphql-ws's client throws the subgraph's errors (e.g. FORBIDDEN) or a close event.
      const errors = Array.isArray(error) ? (error as GraphQLFormattedError[]) : [];
      if (errors.length > 0) {
        yield { errors: errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions ?? {} })) };
        return;
      }
      context.logger.warn({ err: error }, 'upstream subscription ended');
      yield { errors: [coded('The subscription ended upstream; resubscribe and sync.', ErrorCode.SubgraphUnavailable)] };
    } finally {
      active.dec();
      await events.return?.();
    }
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
      onSubscribe(ctx, _id, payload) {
        const context = stateOf(ctx.extra).context;
        if (!context) return [coded('Not connected.', ErrorCode.Unauthenticated)];
        try {
          checkOperation(payload, config.limits);
        } catch (error) {
          if (error instanceof LimitExceeded) return [coded(error.message, error.code)];
          throw error;
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.limits.maxTokens });
        } catch (error) {
          return [coded(error instanceof Error ? error.message : 'Syntax error', 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(planner.apiGraphQLSchema, document);
        if (errors.length > 0) return errors.map((e) => coded(e.message, 'GRAPHQL_VALIDATION_FAILED'));
        return {
          schema: planner.apiGraphQLSchema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue: { ...context, requestId: `${context.requestId}.${_id}`.slice(0, 128) },
        };
      },
      onNext(ctx) {
        // A client that does not read lets the socket's send buffer grow; past the limit it is cut
        // off (it reconnects and syncs) instead of holding the gateway's memory hostage.
        if (ctx.extra.socket.bufferedAmount > config.subscriptionMaxBufferedBytes) {
          slowClosed.inc();
          ctx.extra.socket.close(CloseCode.SlowConsumer, 'Slow consumer: reconnect and sync');
        }
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
