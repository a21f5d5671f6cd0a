import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { SubgraphName } from '../catalog.ts';
import { createBaseContext, requestIdFrom, type BaseContext } from '../context.ts';
import { anonymous } from '../auth/identity.ts';
import { requireGateway } from './require-gateway.ts';
import type { EventHandlers } from '../events/event-log.ts';
import type { Logger } from '../logger.ts';
import { createFormatError } from './format-error.ts';
import { graphQLBodyErrors } from './json-errors.ts';
import { mountHealth } from './health.ts';
import { ServiceMetrics } from './metrics.ts';
import { serveSubgraphWebSocket } from './subgraph-websocket.ts';
import type { NamedQueue } from '../jobs/job-queue.ts';

export interface SubgraphDefinition<TContext extends BaseContext> {
  name: SubgraphName;
  typeDefs: DocumentNode;
  /**
   * The codegen-typed resolver map. Its types are stricter than the ones
   * buildSubgraphSchema accepts, so it is taken as-is and adapted here, once.
   */
  resolvers: object;
  createContext(base: BaseContext): TContext;
  /** Resolves when the subgraph's stores answer; throws otherwise. */
  checkReady(): Promise<void>;
  /** Extra HTTP routes (e.g. media originals), mounted before /graphql. */
  routes?(app: express.Express): void;
  /** Largest accepted request body. */
  bodyLimit?: string;
  /** What this subgraph does when other subgraphs announce something (idempotently). */
  events?: EventHandlers;
  /** Background workers (fan-out, ...), started with the service and stopped before its stores close. */
  startWorkers?: () => { stop(): Promise<void> };
  /** The job queues this subgraph owns; each gets a chorus_job_queue_depth series on /metrics. */
  jobQueues?: readonly NamedQueue[];
  /** Closes stores the subgraph opened itself (e.g. a Cassandra session). */
  close?: () => Promise<void>;
}

export function buildSchemaOf(definition: SubgraphDefinition<BaseContext>): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: definition.typeDefs, resolvers: definition.resolvers as GraphQLResolverMap<unknown> });
}

export function buildSubgraphApollo<TContext extends BaseContext>(
  definition: SubgraphDefinition<TContext>,
  logger: Logger,
  plugins: ApolloServer<TContext>['internals']['plugins'] = [],
  schema: GraphQLSchema = buildSchemaOf(definition as unknown as SubgraphDefinition<BaseContext>),
): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(logger),
    // No Apollo Studio here: per-request trace building would be wasted work.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...plugins],
  });
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  logger: Logger;
  /** Verifies the identity the gateway signed; see requireGateway. */
  internalSecret: string;
  /** Closes what the service owns (database pools) after HTTP has drained. */
  onStop?: () => Promise<void>;
}

/** Listens and resolves with the bound port (so port 0 works in tests). */
export async function listen(server: http.Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startSubgraphServer<TContext extends BaseContext>(
  definition: SubgraphDefinition<TContext>,
  options: ListenOptions,
): Promise<RunningServer> {
  const { logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const metrics = new ServiceMetrics(definition.name);
  metrics.trackJobQueues(definition.jobQueues ?? []);
  const schema = buildSchemaOf(definition as unknown as SubgraphDefinition<BaseContext>);
  const apollo = buildSubgraphApollo(definition, logger, [ApolloServerPluginDrainHttpServer({ httpServer }), metrics.plugin<TContext>()], schema);
  await apollo.start();
  // Subscriptions, for subgraphs that have them: graphql-ws on the same path.
  const websocket = schema.getSubscriptionType()
    ? serveSubgraphWebSocket({ httpServer, schema, internalSecret: options.internalSecret, logger, createContext: definition.createContext })
    : undefined;

  mountHealth(app, definition.checkReady);
  metrics.mount(app);
  definition.routes?.(app);
  app.use(
    '/graphql',
    requireGateway(options.internalSecret, logger),
    express.json({ limit: definition.bodyLimit ?? '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        definition.createContext(createBaseContext(req.chorusIdentity ?? anonymous, requestIdFrom(req.headers), logger)),
    }),
  );
  app.use(graphQLBodyErrors);

  const port = await listen(httpServer, options.host, options.port);
  const url = `http://${options.host}:${port}/graphql`;
  logger.info({ url }, `${definition.name} subgraph ready`);
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopped ??= (async () => {
        await websocket?.dispose();
        await apollo.stop();
        await options.onStop?.();
      })();
      return stopped;
    },
  };
}
