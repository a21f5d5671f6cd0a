import assert from 'node:assert/strict';
import type { ApolloServer } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import {
  consumeEvents,
  publishEvent,
  createBaseContext,
  createLogger,
  createPrisma,
  loadConfig,
  buildSubgraphApollo,
  startSubgraphServer,
  type BaseContext,
  type Config,
  type Identity,
  type PrismaClient,
  type SubgraphDefinition,
  type SubgraphDeps,
} from '@chorus/runtime';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.ts';
import { testSecrets } from './secrets.ts';
import { freePort } from './free-port.ts';

export interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export interface SubgraphHarness {
  db: PrismaClient;
  database: TestDatabase;
  config: Config;
  /**
   * Runs an operation through the real schema and resolvers, as the gateway
   * would after verifying the caller: a user id, a full identity, or anonymous.
   */
  run(query: string, variables?: Record<string, unknown>, viewer?: string | Identity | null): Promise<GraphQLResult>;
  /** Handles every pending event-log entry the way the running subgraph's consumer would. */
  drainEvents(): Promise<number>;
  /** Base URL of the subgraph's own HTTP routes, when started with `http: true`. */
  baseUrl: string;
  close(): Promise<void>;
}

function identityOf(viewer: string | Identity | null): Identity {
  if (viewer === null) return { userId: null, sessionId: null, clientIp: '127.0.0.1' };
  return typeof viewer === 'string' ? { userId: viewer, sessionId: null, clientIp: '127.0.0.1' } : viewer;
}

/**
 * One subgraph's real Apollo server over a fresh, migrated database of the
 * given kind: resolvers, DataLoaders and SQL all real; only HTTP is skipped.
 */
export async function startSubgraphHarness<TContext extends BaseContext>(
  kind: DatabaseKind,
  factory: (deps: SubgraphDeps) => SubgraphDefinition<TContext> | Promise<SubgraphDefinition<TContext>>,
  configOverrides: Record<string, string> = {},
  options: { http?: boolean } = {},
): Promise<SubgraphHarness> {
  const database = await createTestDatabase(kind);
  const db = createPrisma(database.url);
  const logger = createLogger('test', process.env.TEST_LOG ?? 'silent');
  const httpPort = options.http ? await freePort() : 0;
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const config = loadConfig({
    ...testSecrets,
    ...(options.http ? { CHORUS_MEDIA_PUBLIC_URL: baseUrl } : {}),
    ...configOverrides,
    DATABASE_URL: database.url,
  });
  const definition = await factory({ prisma: db, config, logger });
  const server: ApolloServer<TContext> = buildSubgraphApollo(definition, logger);
  await server.start();
  // The subgraph's own routes (uploads, images) over real HTTP, beside the in-process GraphQL.
  const http = options.http
    ? await startSubgraphServer(definition, { host: '127.0.0.1', port: httpPort, logger, internalSecret: config.secrets.internalSecret })
    : null;
  return {
    db,
    database,
    config,
    async run(query, variables, viewer = null) {
      const response = await server.executeOperation(
        { query, ...(variables ? { variables } : {}) },
        { contextValue: definition.createContext(createBaseContext(identityOf(viewer), randomUUID(), logger)) },
      );
      assert(response.body.kind === 'single');
      return response.body.singleResult as GraphQLResult;
    },
    async drainEvents() {
      // An event becomes readable once every transaction older than it has ended (in any database
      // of the server), so keep going until nothing is left behind the cursor.
      let handled = 0;
      const deadline = Date.now() + 15_000;
      for (;;) {
        handled += await consumeEvents(db, definition.name, definition.events ?? {});
        const [cursor] = await db.$queryRaw<{ txid: bigint; position: bigint }[]>`
          SELECT txid, position FROM platform.event_cursor WHERE consumer = ${definition.name}`;
        const [row] = await db.$queryRaw<{ pending: number }[]>`
          SELECT count(*)::int AS pending FROM platform.event WHERE (txid, id) > (${cursor?.txid ?? 0n}, ${cursor?.position ?? 0n})`;
        if (row?.pending === 0 || Date.now() > deadline) return handled;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    baseUrl,
    async close() {
      await http?.stop();
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

/** Puts a user.deleted event on the harness database's log, as the users subgraph would. */
export async function announceUserDeleted(harness: SubgraphHarness, userId: string): Promise<void> {
  await harness.db.$transaction((tx) => publishEvent(tx, 'user.deleted', { userId }));
}

/** Puts a user.blocked (or unblocked) event on the log, as social would, and lets the harness's subgraph handle it. */
export async function announceBlock(harness: SubgraphHarness, blockerId: string, blockedId: string, blocked = true): Promise<void> {
  await harness.db.$transaction((tx) => publishEvent(tx, blocked ? 'user.blocked' : 'user.unblocked', { blockerId, blockedId }));
  await harness.drainEvents();
}
