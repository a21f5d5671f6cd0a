import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { ApolloGateway, LocalGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import {
  createBaseContext,
  createLogger,
  supergraphPath,
  type BaseContext,
  type Config,
  type Identity,
  type LoaderOptions,
  type PrismaClient,
  type SubgraphDefinition,
} from '@chorus/runtime';
import { createChatSubgraph } from '@chorus/chat';
import { createMediaSubgraph } from '@chorus/media';
import { createSocialSubgraph } from '@chorus/social';
import { createTimelineSubgraph } from '@chorus/timeline';
import { createUsersSubgraph } from '@chorus/users';
import type { GraphQLResult } from './subgraph-harness.ts';

interface InProcessContext {
  identity: Identity;
}

const logger = createLogger('in-process', 'silent');

/**
 * Executes a subgraph's part of a plan in this process, with a fresh context
 * (and so fresh DataLoaders) per fetch, exactly as one HTTP call would get.
 */
// LocalGraphQLDataSource executes with the graphql instance the gateway uses
// (executing with another copy of graphql fails across module realms).
class InProcessSubgraph<TContext extends BaseContext> extends LocalGraphQLDataSource<InProcessContext> {
  constructor(
    private readonly definition: SubgraphDefinition<TContext>,
    private readonly loaderOptions: LoaderOptions,
  ) {
    super(buildSubgraphSchema({ typeDefs: definition.typeDefs, resolvers: definition.resolvers as GraphQLResolverMap<unknown> }));
  }

  override process(options: GraphQLDataSourceProcessOptions<InProcessContext>): Promise<GatewayGraphQLResponse> {
    const base = createBaseContext(options.context.identity, randomUUID(), logger, this.loaderOptions);
    const context = this.definition.createContext(base) as unknown as InProcessContext;
    return super.process({ ...options, context });
  }
}

export interface InProcessGateway {
  run(query: string, variables?: Record<string, unknown>, viewerId?: string | null): Promise<GraphQLResult>;
  stop(): Promise<void>;
}

/**
 * The committed supergraph with all five subgraphs in this process, over
 * one Prisma client: the query plans are the real gateway's, and every SQL
 * statement goes through a client the caller can observe.
 */
export async function startInProcessGateway(options: {
  prisma: PrismaClient;
  config: Config;
  loaderOptions?: LoaderOptions;
  /** Replaces some subgraphs' definitions (e.g. a timeline on Cassandra). */
  overrides?: Partial<Record<string, SubgraphDefinition<any>>>;
}): Promise<InProcessGateway> {
  const deps = { prisma: options.prisma, config: options.config, logger };
  const loaderOptions = options.loaderOptions ?? { batch: true };
  const definitions: Record<string, SubgraphDefinition<any>> = {
    users: createUsersSubgraph(deps),
    social: createSocialSubgraph(deps),
    timeline: createTimelineSubgraph(deps),
    chat: createChatSubgraph(deps),
    media: createMediaSubgraph(deps),
    ...options.overrides,
  };
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name }) => new InProcessSubgraph(definitions[name]!, loaderOptions),
  });
  const server = new ApolloServer<InProcessContext>({ gateway });
  await server.start();
  return {
    async run(query, variables, viewerId = null) {
      const response = await server.executeOperation(
        { query, ...(variables ? { variables } : {}) },
        { contextValue: { identity: { userId: viewerId, sessionId: null, clientIp: '127.0.0.1' } } },
      );
      assert(response.body.kind === 'single');
      return response.body.singleResult as GraphQLResult;
    },
    stop: () => server.stop(),
  };
}
