import http from 'node:http';
import { readFileSync } from 'node:fs';
import express from 'express';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import {
  createFormatError,
  graphQLBodyErrors,
  listen,
  mountHealth,
  openRateLimiter,
  subgraphNames,
  supergraphPath,
  type Config,
  type Logger,
  type PrismaClient,
  type RunningServer,
  ServiceMetrics,
} from '@chorus/runtime';
import { createGatewayContext, type GatewayContext } from './context.ts';
import { createSubgraphDataSource } from './subgraph-data-source.ts';
import { createSubgraphClient } from './subgraph-fetcher.ts';
import { SubgraphMetrics } from './subgraph-metrics.ts';
import { requestIdInResponses } from './request-id-plugin.ts';
import { RedisApqCache } from './redis-apq-cache.ts';
import { withWebOperations } from './web-operations.ts';
import { Redis } from 'ioredis';
import type { Dispatcher } from 'undici';
import { enforceLimits } from './limits/limits-middleware.ts';
import { persistedQueryLimits } from './limits/persisted-limits-plugin.ts';
import { loadPublicManifest } from './public-api/manifest.ts';
import { publicApi } from './public-api/public-endpoint.ts';
import { checkSubgraphs } from './subgraph-health.ts';
import { serveGatewayWebSocket } from './subscriptions/gateway-websocket.ts';
import { SubscriptionPlanner } from './subscriptions/subscription-planner.ts';
import { UpstreamSubscriptions } from './subscriptions/upstream-subscriptions.ts';
import { graphiqlRoutes } from './graphiql/routes.ts';

export interface GatewayOptions {
  config: Config;
  logger: Logger;
  /** The platform tables (API keys, rate limits) the public API needs. */
  prisma: PrismaClient;
  /** Defaults to the committed schema/supergraph.graphql. */
  supergraphSdl?: string;
}

export function createApolloGateway(
  { config, supergraphSdl }: Pick<GatewayOptions, 'config' | 'supergraphSdl'>,
  client: Dispatcher,
  metrics?: SubgraphMetrics,
): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl: supergraphSdl ?? readFileSync(supergraphPath, 'utf8'),
    // Subgraph URLs come from configuration, not from the composed file.
    buildService: ({ name }) => createSubgraphDataSource(name, config, client, metrics),
  });
}

export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const metrics = new ServiceMetrics('gateway');
  const subgraphMetrics = new SubgraphMetrics(metrics.registry);
  const subgraphClient = createSubgraphClient(config);
  // APQ: shared in Redis when configured, else Apollo Server's bounded in-memory LRU.
  const apqCache = config.redisUrl ? new RedisApqCache(new Redis(config.redisUrl), `${config.redisPrefix}apq:`) : undefined;
  // Per-API-key buckets: in Redis when configured, so all gateway instances share them.
  const rateLimiter = openRateLimiter(config, options.prisma);
  // One copy of the supergraph for queries (ApolloGateway) and subscriptions (the planner).
  const supergraph = options.supergraphSdl ?? readFileSync(supergraphPath, 'utf8');
  // The web client's manifest is registered up front (web-operations.ts); other hashes are plain APQ.
  // HTTP and graphql-ws resolve persisted queries from this one cache.
  const persistedQueries = withWebOperations(apqCache);
  const apollo = new ApolloServer<GatewayContext>({
    persistedQueries: { cache: persistedQueries },
    gateway: createApolloGateway({ config, supergraphSdl: supergraph }, subgraphClient, subgraphMetrics),
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(logger),
    // Batches are allowed, up to the configured size (enforceLimits).
    allowBatchedHttpRequests: true,
    // No Apollo landing page: it loads Apollo Sandbox from Apollo's CDN. Browsers get our own GraphiQL (or nothing).
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      metrics.plugin<GatewayContext>(),
      requestIdInResponses(),
      persistedQueryLimits(config.limits),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const upstream = new UpstreamSubscriptions(config, logger);
  const websocket = serveGatewayWebSocket({
    httpServer,
    config,
    logger,
    apollo,
    planner: new SubscriptionPlanner(supergraph),
    upstream,
    services: Object.fromEntries(subgraphNames.map((name) => [name, createSubgraphDataSource(name, config, subgraphClient, subgraphMetrics)])),
    registry: metrics.registry,
    persistedQueries,
  });

  mountHealth(app, () => checkSubgraphs(subgraphNames.map((name) => ({ name, url: config.subgraphUrls[name] }))));
  metrics.mount(app);
  if (config.graphiql) app.use(graphiqlRoutes({ logger }));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    enforceLimits(config.limits),
    expressMiddleware(apollo, { context: ({ req }) => createGatewayContext(req, config.secrets.jwtSecret, logger) }),
  );
  // The public API: API keys, per-key limits, trusted operations only; then the same gateway.
  app.use(
    '/public/graphql',
    express.json({ limit: '64kb' }),
    publicApi(options.prisma, loadPublicManifest(), rateLimiter),
    // Trusted text, but the caller's variables: a list's cost depends on them.
    enforceLimits(config.limits),
    expressMiddleware(apollo, { context: ({ req }) => createGatewayContext(req, config.secrets.jwtSecret, logger) }),
  );
  app.use(graphQLBodyErrors);

  const port = await listen(httpServer, config.host, config.gatewayPort);
  const url = `http://${config.host}:${port}/graphql`;
  logger.info({ url }, 'gateway ready');
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopped ??= (async () => {
        await websocket.dispose();
        await upstream.close();
        await apollo.stop();
        await apqCache?.close();
        await rateLimiter.close();
        await subgraphClient.close();
      })();
      return stopped;
    },
  };
}
