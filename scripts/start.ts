// `npm start`: the whole system on this machine — embedded database unless
// DATABASE_URL is set, five subgraphs and the gateway — until Ctrl-C.
import { createLogger, loadConfig, runUntilSignalled } from '@chorus/runtime';
import { startSystem } from '@chorus/runtime/supervisor';

const config = loadConfig();
const logger = createLogger('chorus', config.logLevel);

const system = await startSystem({ config, logger }).catch((error: unknown) => {
  logger.fatal({ err: error }, 'Chorus could not start');
  process.exit(1);
});

console.log(`\nChorus is running. GraphQL gateway: ${system.gatewayUrl}\n`);

runUntilSignalled(system, logger);
