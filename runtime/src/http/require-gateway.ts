import type { RequestHandler } from 'express';
import { RequestHeader } from '../context.ts';
import { ErrorCode } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Identity } from '../auth/identity.ts';
import { identityHeader, InternalIdentityError, verifyInternalIdentity } from '../auth/internal-identity.ts';
import { sendGraphQLError } from './json-errors.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requireGateway: the caller as the gateway vouched for them. */
    chorusIdentity?: Identity;
  }
}

/**
 * A subgraph serves only requests the gateway signed: without a valid,
 * unexpired identity bound to this request id, nothing is executed — so a
 * direct call with a made-up user id gets nothing at all.
 */
export function requireGateway(internalSecret: string, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const header = req.headers[identityHeader];
    const requestId = req.headers[RequestHeader.requestId];
    try {
      req.chorusIdentity = verifyInternalIdentity(
        typeof header === 'string' ? header : undefined,
        typeof requestId === 'string' ? requestId : undefined,
        internalSecret,
      );
      next();
    } catch (error) {
      if (!(error instanceof InternalIdentityError)) return next(error);
      logger.warn({ reason: error.message, ip: req.socket.remoteAddress }, 'refused a request not signed by the gateway');
      sendGraphQLError(res, 401, ErrorCode.Unauthenticated, 'This service accepts requests only from the gateway.');
    }
  };
}
