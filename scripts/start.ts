// `npm start`: the whole system on this machine — embedded database unless
// DATABASE_URL is set, five subgraphs and the gateway — and the web client
// in front of them, until Ctrl-C.
import { createLogger, loadConfig, runUntilSignalled } from '@chorus/runtime';
import { startSystem } from '@chorus/runtime/supervisor';
import { startWebServer, webPortFromEnv } from '../web/server/serve.ts';

const config = loadConfig();
const logger = createLogger('chorus', config.logLevel);

const system = await startSystem({ config, logger }).catch((error: unknown) => {
  logger.fatal({ err: error }, 'Chorus could not start');
  process.exit(1);
});
const web = await startWebServer({
  host: config.host,
  port: webPortFromEnv(),
  gatewayOrigin: new URL(system.gatewayUrl).origin,
  mediaOrigin: new URL(config.subgraphUrls.media).origin,
  log: (message) => logger.info(message),
}).catch(async (error: unknown) => {
  logger.fatal({ err: error }, 'the web client could not start');
  await system.stop();
  process.exit(1);
});

console.log(`\nChorus is running. GraphQL gateway: ${system.gatewayUrl}  Web client: ${web.url}\n`);

runUntilSignalled(
  {
    async stop() {
      await web.stop();
      await system.stop();
    },
  },
  logger,
);
