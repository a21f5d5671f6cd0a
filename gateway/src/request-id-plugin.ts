import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.ts';

/**
 * Every response names its request id (header `x-request-id`) and so does
 * every error in it, so a user's error report leads straight to the logs of
 * the gateway and of each subgraph the request touched.
 */
export function requestIdInResponses(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const requestId = contextValue?.requestId;
          if (requestId === undefined) return;
          response.http.headers.set('x-request-id', requestId);
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            response.body.singleResult.errors = response.body.singleResult.errors.map((error) => ({
              ...error,
              extensions: { ...error.extensions, requestId },
            }));
          }
        },
      };
    },
  };
}
