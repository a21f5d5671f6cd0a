import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import type { Logger } from '../logger.ts';
import { ErrorCode } from '../errors.ts';

/**
 * Errors we raised on purpose keep their message and code; anything else (a
 * driver error, a bug) is logged in full and reaches the client as a bare
 * INTERNAL_SERVER_ERROR, so no SQL, path or stack leaks out.
 */
/** Client errors Apollo Server raises without a code, given the code a client can act on. */
const uncodedClientErrors: Record<string, string> = {
  'provided sha does not match query': 'PERSISTED_QUERY_HASH_MISMATCH',
};

export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const known = uncodedClientErrors[formatted.message];
    if (known !== undefined) return { message: formatted.message, extensions: { code: known } };
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    const intended = original instanceof GraphQLError || (code !== undefined && code !== ErrorCode.InternalServerError);
    if (intended) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error.',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: ErrorCode.InternalServerError },
    };
  };
}
