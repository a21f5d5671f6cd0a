// `npm start`: the whole system on this machine — embedded database unless
// DATABASE_URL is set, five subgraphs and the gateway — until Ctrl-C.
import { createLogger, loadConfig } from '@chorus/runtime';
import { startSystem } from '@chorus/runtime/supervisor';

const config = loadConfig();
const logger = createLogger('chorus', config.logLevel);

const system = await startSystem({ config, logger }).catch((error: unknown) => {
  logger.fatal({ err: error }, 'Chorus could not start');
  process.exit(1);
});

console.log(`\nChorus is running. GraphQL gateway: ${system.gatewayUrl}\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping Chorus');
    system.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  });
}
