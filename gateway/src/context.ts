import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import {
  AccessTokenError,
  anonymous,
  ErrorCode,
  requestIdFrom,
  verifyAccessToken,
  type Identity,
  type Logger,
} from '@chorus/runtime';

/** What the gateway knows of a request and hands on, signed, to every subgraph call. */
export interface GatewayContext {
  requestId: string;
  identity: Identity;
  logger: Logger;
  /** When the caller's access token expires (ms since the epoch); long-lived sockets end then. */
  expiresAt?: number;
}

const bearer = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * No Authorization header: an anonymous caller. A header that does not hold
 * a valid access token: 401 UNAUTHENTICATED for the whole request, so the
 * client knows to refresh instead of silently getting anonymous answers.
 */
export async function createGatewayContext(req: IncomingMessage, jwtSecret: string, logger: Logger): Promise<GatewayContext> {
  // X-Forwarded-For is not trusted: nothing says a proxy we know set it.
  return contextFor(req.headers.authorization, requestIdFrom(req.headers), req.socket.remoteAddress ?? null, jwtSecret, logger);
}

/** The same rules for an HTTP request and for a WebSocket's connection_init payload. */
export async function contextFor(
  authorization: string | undefined,
  requestId: string,
  clientIp: string | null,
  jwtSecret: string,
  logger: Logger,
): Promise<GatewayContext> {
  if (authorization === undefined) {
    return { requestId, identity: { ...anonymous, clientIp }, logger: logger.child({ requestId }) };
  }
  const token = bearer.exec(authorization)?.[1];
  try {
    if (token === undefined) throw new AccessTokenError('not a bearer token');
    const claims = await verifyAccessToken(token, jwtSecret);
    return {
      requestId,
      identity: { userId: claims.userId, sessionId: claims.sessionId, clientIp },
      logger: logger.child({ requestId, userId: claims.userId }),
      expiresAt: claims.expiresAt,
    };
  } catch (error) {
    if (!(error instanceof AccessTokenError)) throw error;
    logger.info({ requestId, reason: error.message }, 'rejected access token');
    throw new GraphQLError('The access token is invalid or expired.', {
      extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } },
    });
  }
}
