import { createLogger, loadConfig, runUntilSignalled } from '@chorus/runtime';
import { startGateway } from './gateway-server.ts';

const config = loadConfig();
const logger = createLogger('gateway', config.logLevel);
startGateway({ config, logger }).then(
  (server) => runUntilSignalled(server, logger),
  (error: unknown) => {
    logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  },
);
