import { GraphQLError } from 'graphql';

/** The `extensions.code` a function throws, 'no error' if it returns, or the raw error otherwise. */
export function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions.code : error;
  }
  return 'no error';
}
