// Child process: stock @apollo/gateway in stock @apollo/server
// (startStandaloneServer), all defaults except what reaching our subgraphs
// requires: buildService returns a RemoteGraphQLDataSource whose
// willSendRequest adds the signed identity. Port from BENCH_GATEWAY_PORT.
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createLogger, loadConfig, runUntilSignalled } from '@chorus/runtime';
import { benchUserHeader, signedHeaders } from './signed-identity.ts';
import { supergraphWithUrls } from './supergraph.ts';

const config = loadConfig();

class SignedDataSource extends RemoteGraphQLDataSource {
  override willSendRequest(options: GraphQLDataSourceProcessOptions): void {
    // Health checks and schema loading have no incoming request: anonymous.
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext.request.http?.headers : undefined;
    for (const [name, value] of Object.entries(signedHeaders(config, incoming?.get(benchUserHeader) ?? null))) {
      options.request.http?.headers.set(name, value);
    }
  }
}

const server = new ApolloServer({
  gateway: new ApolloGateway({
    supergraphSdl: supergraphWithUrls(config.subgraphUrls),
    buildService: ({ url }) => new SignedDataSource({ url }),
  }),
  // Process lifecycle, not request handling: runUntilSignalled (below) stops
  // it, also when the bench goes away; two SIGTERM handlers would fight.
  stopOnTerminationSignals: false,
});
await startStandaloneServer(server, { listen: { host: config.host, port: Number(process.env.BENCH_GATEWAY_PORT) } });
runUntilSignalled(server, createLogger('stock-apollo', config.logLevel));
