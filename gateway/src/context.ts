import type { IncomingHttpHeaders } from 'node:http';
import { RequestHeader, requestIdFrom, type Logger } from '@chorus/runtime';

/** What the gateway knows of a request and hands on to every subgraph call. */
export interface GatewayContext {
  requestId: string;
  /** Passed through as given until signed sessions exist; subgraphs validate its shape. */
  userId: string | null;
  logger: Logger;
}

export function createGatewayContext(headers: IncomingHttpHeaders, logger: Logger): GatewayContext {
  const requestId = requestIdFrom(headers);
  const userId = headers[RequestHeader.userId];
  return {
    requestId,
    userId: typeof userId === 'string' && userId.length <= 64 ? userId : null,
    logger: logger.child({ requestId }),
  };
}
