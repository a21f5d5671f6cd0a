import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from './logger.ts';
import { isUuid } from './input.ts';

/** Header names the gateway and subgraphs agree on. */
export const RequestHeader = {
  requestId: 'x-request-id',
  /**
   * The caller's user id. Until signed sessions land, the gateway passes the
   * client's value through unverified: a development identity, not security.
   */
  userId: 'x-chorus-user-id',
} as const;

/** What every resolver in every subgraph can rely on. */
export interface BaseContext {
  requestId: string;
  viewerId: string | null;
  logger: Logger;
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

export function createBaseContext(headers: IncomingHttpHeaders, logger: Logger): BaseContext {
  const requestId = requestIdFrom(headers);
  const userId = single(headers[RequestHeader.userId]);
  return {
    requestId,
    viewerId: userId !== undefined && isUuid(userId) ? userId.toLowerCase() : null,
    logger: logger.child({ requestId }),
  };
}
