import assert from 'node:assert/strict';
import type { ApolloServer } from '@apollo/server';
import {
  createBaseContext,
  createLogger,
  createPrisma,
  loadConfig,
  RequestHeader,
  buildSubgraphApollo,
  type BaseContext,
  type PrismaClient,
  type SubgraphDefinition,
  type SubgraphDeps,
} from '@chorus/runtime';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.ts';

export interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export interface SubgraphHarness {
  db: PrismaClient;
  database: TestDatabase;
  /** Runs an operation as `viewerId` (or anonymously) through the real schema and resolvers. */
  run(query: string, variables?: Record<string, unknown>, viewerId?: string | null): Promise<GraphQLResult>;
  close(): Promise<void>;
}

/**
 * One subgraph's real Apollo server over a fresh, migrated database of the
 * given kind: resolvers, DataLoaders and SQL all real; only HTTP is skipped.
 */
export async function startSubgraphHarness<TContext extends BaseContext>(
  kind: DatabaseKind,
  factory: (deps: SubgraphDeps) => SubgraphDefinition<TContext>,
  configOverrides: Record<string, string> = {},
): Promise<SubgraphHarness> {
  const database = await createTestDatabase(kind);
  const db = createPrisma(database.url);
  const logger = createLogger('test', process.env.TEST_LOG ?? 'silent');
  const config = loadConfig({ ...configOverrides, DATABASE_URL: database.url });
  const definition = factory({ prisma: db, config, logger });
  const server: ApolloServer<TContext> = buildSubgraphApollo(definition, logger);
  await server.start();
  return {
    db,
    database,
    async run(query, variables, viewerId = null) {
      const headers = viewerId === null ? {} : { [RequestHeader.userId]: viewerId };
      const response = await server.executeOperation(
        { query, ...(variables ? { variables } : {}) },
        { contextValue: definition.createContext(createBaseContext(headers, logger)) },
      );
      assert(response.body.kind === 'single');
      return response.body.singleResult as GraphQLResult;
    },
    async close() {
      await server.stop();
      await db.$disconnect();
      await database.drop();
    },
  };
}

/** The `extensions.code` of each error, for compact assertions. */
export function errorCodes(result: GraphQLResult): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}
