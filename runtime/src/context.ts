import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from './logger.ts';
import type { Identity } from './auth/identity.ts';
import type { LoaderOptions } from './loaders.ts';

/** Header names the gateway and subgraphs agree on. */
export const RequestHeader = {
  requestId: 'x-request-id',
} as const;

/** What every resolver in every subgraph can rely on. */
export interface BaseContext {
  requestId: string;
  /** The signed-in caller, or null. */
  viewerId: string | null;
  /** The caller's session (refresh-token family), or null. */
  sessionId: string | null;
  /** The client's address as the gateway saw it. */
  clientIp: string | null;
  logger: Logger;
  /** Passed to every DataLoader this request makes (see LoaderOptions). */
  loaderOptions: LoaderOptions;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** A request id from upstream is kept only if it is short and plain, so logs can't be injected. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = single(headers[RequestHeader.requestId]);
  return given !== undefined && requestIdPattern.test(given) ? given : randomUUID();
}

/** The one place a request's context starts: every subgraph builds on this. */
export function createBaseContext(
  identity: Identity,
  requestId: string,
  logger: Logger,
  loaderOptions: LoaderOptions = { batch: true },
): BaseContext {
  return {
    requestId,
    viewerId: identity.userId,
    sessionId: identity.sessionId,
    clientIp: identity.clientIp,
    logger: logger.child({ requestId, ...(identity.userId ? { userId: identity.userId } : {}) }),
    loaderOptions,
  };
}
