import type { ErrorRequestHandler, Response } from 'express';
import { ErrorCode } from '../errors.ts';

/** Sends a GraphQL-shaped error body, so every failure looks the same to clients. */
export function sendGraphQLError(res: Response, status: number, code: string, message: string): void {
  res.status(status).type('application/json').send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Turns body-parser failures (malformed JSON, oversized bodies) into GraphQL
 * errors instead of Express's HTML page with a stack trace.
 */
export const graphQLBodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const failure = error as { type?: string; status?: number };
  if (failure.type === 'entity.parse.failed') {
    return sendGraphQLError(res, 400, ErrorCode.BadRequest, 'The request body is not valid JSON.');
  }
  if (failure.type === 'entity.too.large') {
    return sendGraphQLError(res, 413, ErrorCode.PayloadTooLarge, 'The request body is too large.');
  }
  if (typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500) {
    return sendGraphQLError(res, failure.status, ErrorCode.BadRequest, 'The request could not be read.');
  }
  return sendGraphQLError(res, 500, ErrorCode.InternalServerError, 'Internal server error.');
};
