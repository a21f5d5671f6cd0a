import { GraphQLError } from 'graphql';

/**
 * Every `extensions.code` Chorus itself produces. Clients switch on these, so
 * a code, once shipped, keeps its meaning.
 */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  RateLimited: 'RATE_LIMITED',
  /** A group already holds its maximum number of members. */
  GroupFull: 'GROUP_FULL',
  /** A sync token that the server did not make for this caller. */
  InvalidSyncToken: 'INVALID_SYNC_TOKEN',
  BadRequest: 'BAD_REQUEST',
  SubgraphUnavailable: 'SUBGRAPH_UNAVAILABLE',
  TimelineUnavailable: 'TIMELINE_UNAVAILABLE',
  InternalServerError: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function chorusError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export function badUserInput(message: string, field?: string): GraphQLError {
  return chorusError(ErrorCode.BadUserInput, message, field === undefined ? {} : { field });
}

export function unauthenticated(message = 'You must be signed in.'): GraphQLError {
  return chorusError(ErrorCode.Unauthenticated, message);
}

export function forbidden(message = 'You may not access this.'): GraphQLError {
  return chorusError(ErrorCode.Forbidden, message);
}

export function notFound(what: string): GraphQLError {
  return chorusError(ErrorCode.NotFound, `${what} was not found.`);
}
