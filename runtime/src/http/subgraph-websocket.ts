import type http from 'node:http';
import { GraphQLError, parse, validate, type GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { createBaseContext, requestIdFrom, type BaseContext } from '../context.ts';
import { ErrorCode } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { InternalIdentityError, verifyInternalIdentity } from '../auth/internal-identity.ts';

/** What the gateway sends with each operation over the socket: the caller, signed for this operation. */
export interface SignedOperationExtensions {
  identity: string;
  requestId: string;
}

function forbidden(message: string): GraphQLError[] {
  return [new GraphQLError(message, { extensions: { code: ErrorCode.Forbidden } })];
}

/**
 * graphql-ws on the subgraph's /graphql, for the gateway only: the
 * connection must carry an identity the gateway signed, and so must every
 * operation on it — one connection carries the subscriptions of many
 * callers, each executed as its own caller.
 */
export function serveSubgraphWebSocket<TContext extends BaseContext>(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  internalSecret: string;
  logger: Logger;
  createContext(base: BaseContext): TContext;
}): { dispose(): Promise<void> } {
  const { internalSecret, logger, schema } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: 1024 * 1024 });
  const cleanup = useServer(
    {
      schema,
      onConnect(ctx) {
        const params = ctx.connectionParams as Partial<SignedOperationExtensions> | undefined;
        try {
          verifyInternalIdentity(params?.identity, params?.requestId, internalSecret);
          return true;
        } catch (error) {
          if (!(error instanceof InternalIdentityError)) throw error;
          logger.warn({ reason: error.message }, 'refused a websocket the gateway did not sign');
          return false;
        }
      },
      onSubscribe(_ctx, _id, payload) {
        const signed = (payload.extensions ?? {}) as Partial<SignedOperationExtensions>;
        let identity;
        try {
          identity = verifyInternalIdentity(signed.identity, signed.requestId, internalSecret);
        } catch (error) {
          if (!(error instanceof InternalIdentityError)) throw error;
          return forbidden('The operation is not signed by the gateway.');
        }
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The operation could not be parsed.')];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const requestId = requestIdFrom({ 'x-request-id': signed.requestId });
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue: options.createContext(createBaseContext(identity, requestId, logger)),
        };
      },
      onError(_ctx, id, _payload, errors) {
        logger.warn({ id, errors: errors.map((error) => error.message) }, 'subscription failed');
      },
    },
    wsServer,
  );
  wsServer.on('error', (error) => logger.warn({ err: error }, 'websocket server error'));
  return {
    async dispose() {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
