import { loadConfig, type Config } from './config.ts';
import type { BaseContext } from './context.ts';
import type { SubgraphName } from './catalog.ts';
import { createLogger, type Logger } from './logger.ts';
import { createPrisma, type PrismaClient } from './db/prisma.ts';
import { openDatabase } from './db/database.ts';
import { startSubgraphServer, type RunningServer, type SubgraphDefinition } from './http/subgraph-server.ts';
import { runUntilSignalled } from './http/lifecycle.ts';
import { startEventConsumer } from './events/event-log.ts';

export interface SubgraphDeps {
  prisma: PrismaClient;
  config: Config;
  logger: Logger;
}

export type SubgraphFactory<TContext extends BaseContext> = (
  deps: SubgraphDeps,
) => SubgraphDefinition<TContext> | Promise<SubgraphDefinition<TContext>>;

/**
 * Starts one subgraph with its database and serves until signalled. Used by
 * every subgraph's main.ts, so each runs alone as well as under `npm start`.
 */
export async function startSubgraph<TContext extends BaseContext>(
  name: SubgraphName,
  factory: SubgraphFactory<TContext>,
  config: Config = loadConfig(),
): Promise<RunningServer> {
  const logger = createLogger(name, config.logLevel);
  const database = await openDatabase(config, logger);
  const prisma = createPrisma(database.url);
  const definition = await factory({ prisma, config, logger });
  const consumer =
    definition.events === undefined
      ? undefined
      : startEventConsumer({ prisma, consumer: name, handlers: definition.events, pollMs: config.eventPollMs, logger });
  const workers = definition.startWorkers?.();
  const release = async () => {
    await workers?.stop();
    await consumer?.stop();
    await definition.close?.();
    await prisma.$disconnect();
    await database.stop();
  };
  try {
    return await startSubgraphServer(definition, {
      host: config.host,
      port: config.subgraphPorts[name],
      logger,
      internalSecret: config.secrets.internalSecret,
      onStop: release,
    });
  } catch (error) {
    // e.g. the port is taken: give back what was opened so the process can exit.
    await release();
    throw error;
  }
}

export function runSubgraphMain<TContext extends BaseContext>(name: SubgraphName, factory: SubgraphFactory<TContext>): void {
  const logger = createLogger(name);
  startSubgraph(name, factory).then(
    (server) => runUntilSignalled(server, logger),
    (error: unknown) => {
      logger.fatal({ err: error }, 'could not start');
      process.exit(1);
    },
  );
}
