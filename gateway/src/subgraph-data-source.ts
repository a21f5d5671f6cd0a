import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { OperationTypeNode } from 'graphql';
import type { Dispatcher } from 'undici';
import { ErrorCode, identityHeader, isSubgraphName, RequestHeader, signInternalIdentity, type Config } from '@chorus/runtime';
import type { GatewayContext } from './context.ts';
import { shareKeyHeader, subgraphFetcher } from './subgraph-fetcher.ts';
import type { SubgraphMetrics } from './subgraph-metrics.ts';

/**
 * Calls one subgraph. A subgraph that cannot be reached, answers with an
 * HTTP error, or does not answer in time becomes an error naming it
 * (SUBGRAPH_UNAVAILABLE), while the rest of the plan still runs, so the
 * caller gets everything the other subgraphs had.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    url: string,
    private readonly signing: { secret: string; ttlSeconds: number },
    client: Dispatcher,
    private readonly metrics?: SubgraphMetrics,
    share = false,
  ) {
    super({ url, fetcher: subgraphFetcher(client, { share, onShared: () => metrics?.shared.inc({ subgraph: serviceName }) }) });
  }

  /** Every subgraph call carries the caller's identity, signed and bound to this request. */
  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const { request, context } = options;
    if (!('requestId' in context)) return;
    // A query's fetches may share a call with the same viewer's identical fetches in flight; a mutation's
    // or a subscription event's never (a context built outside Apollo Server may not name its operation).
    if ('incomingRequestContext' in options && options.incomingRequestContext.operation?.operation === OperationTypeNode.QUERY) {
      request.http?.headers.set(shareKeyHeader, `${context.identity.userId ?? ''}:${context.identity.sessionId ?? ''}`);
    }
    request.http?.headers.set(RequestHeader.requestId, context.requestId);
    request.http?.headers.set(
      identityHeader,
      signInternalIdentity(context.identity, context.requestId, this.signing.secret, this.signing.ttlSeconds),
    );
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const stop = this.metrics?.duration.startTimer({ subgraph: this.serviceName });
    try {
      return await super.process(options);
    } catch (error) {
      this.metrics?.unavailable.inc({ subgraph: this.serviceName });
      const context = options.context as Partial<GatewayContext>;
      context.logger?.warn({ err: error, subgraph: this.serviceName }, 'subgraph call failed');
      return {
        errors: [
          {
            message: `The ${this.serviceName} service is unavailable; its fields are missing from this response.`,
            extensions: { code: ErrorCode.SubgraphUnavailable },
          },
        ],
      } as GatewayGraphQLResponse;
    } finally {
      stop?.();
    }
  }
}

/** The data source of each subgraph, as configured: shared by queries and by subscription events. */
export function createSubgraphDataSource(
  name: string,
  config: Config,
  client: Dispatcher,
  metrics?: SubgraphMetrics,
): SubgraphDataSource {
  if (!isSubgraphName(name)) throw new Error(`supergraph names an unknown subgraph "${name}"`);
  return new SubgraphDataSource(
    name,
    config.subgraphUrls[name],
    { secret: config.secrets.internalSecret, ttlSeconds: config.internalTokenTtlSeconds },
    client,
    metrics,
    config.shareSubgraphFetches,
  );
}
