import type { RequestHandler } from 'express';
import { sendGraphQLError, type OperationLimits } from '@chorus/runtime';
import { checkRequest, LimitExceeded } from './operation-limits.ts';

/**
 * Enforces the operation limits on the raw request, before Apollo Server
 * parses, validates or plans it, so a hostile document costs a lexer pass
 * and never reaches a subgraph.
 */
export function enforceLimits(limits: OperationLimits): RequestHandler {
  return (req, res, next) => {
    try {
      const body = req.method === 'GET' ? { query: req.query.query, operationName: req.query.operationName } : req.body;
      checkRequest(body, limits);
      next();
    } catch (error) {
      if (!(error instanceof LimitExceeded)) return next(error);
      sendGraphQLError(res, 400, error.code, error.message);
    }
  };
}
