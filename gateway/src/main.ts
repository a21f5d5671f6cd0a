import { createLogger, createPrisma, loadConfig, runUntilSignalled } from '@chorus/runtime';
import { startGateway } from './gateway-server.ts';

const config = loadConfig();
const logger = createLogger('gateway', config.logLevel);
if (config.databaseUrl === undefined) {
  // The supervisor always passes the database it opened; alone, the gateway needs one named.
  logger.fatal('DATABASE_URL must be set for the gateway (API keys and rate limits live there)');
  process.exit(1);
}
const prisma = createPrisma(config.databaseUrl, { maxConnections: 5 });
startGateway({ config, logger, prisma }).then(
  (server) =>
    runUntilSignalled(
      {
        async stop() {
          await server.stop();
          await prisma.$disconnect();
        },
      },
      logger,
    ),
  (error: unknown) => {
    logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  },
);
