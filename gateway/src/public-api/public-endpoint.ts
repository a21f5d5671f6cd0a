import type { RequestHandler } from 'express';
import { ErrorCode, sendGraphQLError, type PrismaClient, type RateLimiter } from '@chorus/runtime';
import { findActiveKey } from './api-keys.ts';
import type { PersistedQueryManifest } from './manifest.ts';

type Manifest = Map<string, PersistedQueryManifest['operations'][number]>;

/**
 * The third-party endpoint: an API key (401 when missing or revoked), its
 * rate limit (429 with Retry-After), and only the operations of the trusted
 * manifest, by id — free text is refused. The allowed request is rewritten to
 * the manifest's text and handed on to the gateway as usual.
 */
export function publicApi(db: PrismaClient, manifest: Manifest, limiter: RateLimiter): RequestHandler {
  return async (req, res, next) => {
    try {
      const key = req.headers['x-api-key'];
      const apiKey = typeof key === 'string' ? await findActiveKey(db, key) : null;
      if (apiKey === null) {
        sendGraphQLError(res, 401, ErrorCode.Unauthenticated, 'A valid API key is required (x-api-key header).');
        return;
      }
      const decision = await limiter.take(`api-key:${apiKey.id}`, {
        capacity: apiKey.ratePerMinute,
        refillPerSecond: apiKey.ratePerMinute / 60,
      });
      if (!decision.allowed) {
        res.setHeader('Retry-After', String(decision.retryAfterSeconds));
        sendGraphQLError(res, 429, ErrorCode.RateLimited, 'Rate limit exceeded for this API key.');
        return;
      }
      const body = (req.method === 'GET' ? { ...req.query } : req.body) as Record<string, unknown>;
      if (Array.isArray(body) || body === null || typeof body !== 'object') {
        sendGraphQLError(res, 400, ErrorCode.BadRequest, 'Send one operation per request.');
        return;
      }
      if (body.query !== undefined) {
        sendGraphQLError(res, 400, 'PERSISTED_QUERY_ONLY', 'The public API runs only persisted operations, by id.');
        return;
      }
      const extensions = typeof body.extensions === 'string' ? (JSON.parse(body.extensions) as unknown) : body.extensions;
      const id =
        (typeof body.id === 'string' && body.id) ||
        ((extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash as string | undefined);
      const operation = typeof id === 'string' ? manifest.get(id) : undefined;
      if (operation === undefined) {
        sendGraphQLError(res, 400, 'PERSISTED_QUERY_NOT_FOUND', 'No persisted operation has this id.');
        return;
      }
      const variables = typeof body.variables === 'string' ? (JSON.parse(body.variables) as unknown) : body.variables;
      req.method = 'POST';
      req.body = { query: operation.body, operationName: operation.name, variables };
      next();
    } catch (error) {
      if (error instanceof SyntaxError) {
        sendGraphQLError(res, 400, ErrorCode.BadRequest, 'The request could not be read.');
        return;
      }
      next(error);
    }
  };
}
