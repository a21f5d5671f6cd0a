// Child process: Hive Gateway (@graphql-hive/gateway's runtime on node:http),
// all defaults except one plugin that adds the signed identity to every
// subgraph fetch. Port from BENCH_GATEWAY_PORT.
import http from 'node:http';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { createLogger, listen, loadConfig, RequestHeader, runUntilSignalled, type Config } from '@chorus/runtime';
import { benchUserHeader, signedHeaders } from './signed-identity.ts';
import { supergraphWithUrls } from './supergraph.ts';

const config = loadConfig();

/**
 * onFetch sees every subgraph request. Hive's own request-id plugin runs
 * before ours and has already put the client's request id on the fetch, so
 * the signature is bound to that id rather than to a new one.
 */
function signedIdentity(config: Config): GatewayPlugin {
  return {
    onFetch({ context, options, setOptions }) {
      // Fetches outside a client request (none with a static supergraph) stay unsigned.
      if (!('request' in context)) return;
      const headers = { ...(options.headers as Record<string, string> | undefined) };
      const userId = context.request.headers.get(benchUserHeader);
      Object.assign(headers, signedHeaders(config, userId, headers[RequestHeader.requestId]));
      setOptions({ ...options, headers });
    },
  };
}

const gateway = createGatewayRuntime({
  supergraph: supergraphWithUrls(config.subgraphUrls),
  plugins: () => [signedIdentity(config)],
});
const httpServer = http.createServer(gateway);
await listen(httpServer, config.host, Number(process.env.BENCH_GATEWAY_PORT));
runUntilSignalled(
  {
    async stop() {
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await gateway.dispose();
    },
  },
  createLogger('hive', config.logLevel),
);
