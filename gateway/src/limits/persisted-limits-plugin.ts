import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { OperationLimits } from '@chorus/runtime';
import { checkOperation, LimitExceeded } from './operation-limits.ts';

/**
 * The operation limits for requests that arrive as a persisted-query hash
 * alone. enforceLimits checks text before Apollo Server sees it; a hash only
 * becomes text once Apollo Server has read it from the APQ cache. Its text
 * passed the limits when it was registered, but the cost of a list depends
 * on the variables (`first: $n`), which each request brings anew, so the
 * whole check runs again here, before anything is planned or fetched.
 */
export function persistedQueryLimits<TContext extends BaseContext>(limits: OperationLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      if (typeof request.query === 'string') return; // checked as text, variables and all, on the way in
      return {
        async didResolveOperation({ source, request: resolved }) {
          try {
            checkOperation({ query: source, operationName: resolved.operationName, variables: resolved.variables }, limits);
          } catch (error) {
            if (!(error instanceof LimitExceeded)) throw error;
            throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 400 } } });
          }
        },
      };
    },
  };
}
