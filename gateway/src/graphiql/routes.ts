import path from 'node:path';
import express, { type Request, type Router } from 'express';
import { repoRoot, type Logger } from '@chorus/runtime';
import { loadBundle, type GraphiqlBundle } from './bundle.ts';
import { pageContentSecurityPolicy, renderPage } from './page.ts';

export interface GraphiqlOptions {
  logger: Logger;
  /** Git-ignored, so a fresh clone builds the bundle once and later starts reuse it. */
  cacheDir?: string;
}

/**
 * The same test Apollo Server uses for its landing page: a GET whose Accept
 * header ranks HTML above every GraphQL response type, i.e. a browser's
 * address bar, never a GraphQL client (GET queries from clients still reach
 * Apollo Server).
 */
function prefersHtml(req: Request): boolean {
  return (
    req.accepts([
      'application/json',
      'application/graphql-response+json',
      'multipart/mixed',
      'text/html',
    ]) === 'text/html'
  );
}

/**
 * GraphiQL at GET /graphql for browsers, and its bundled files under
 * /graphiql/<key>/. Mounted before the GraphQL route, so everything else
 * falls through to it unchanged. The bundle is built on the first browser
 * request rather than at start-up, so gateways that no one opens in a
 * browser (tests, most production instances) never pay for it.
 */
export function graphiqlRoutes({ logger, cacheDir = path.join(repoRoot, '.cache', 'graphiql') }: GraphiqlOptions): Router {
  let loading: Promise<GraphiqlBundle> | undefined;
  const bundle = () =>
    (loading ??= loadBundle(cacheDir, logger).catch((error: unknown) => {
      // Let the next request try again rather than remembering the failure.
      loading = undefined;
      throw error;
    }));

  const router = express.Router();
  router.get('/graphql', async (req, res, next) => {
    if (!prefersHtml(req)) return next();
    try {
      const { key } = await bundle();
      res
        .type('html')
        .set({
          'Cache-Control': 'no-cache',
          'Content-Security-Policy': pageContentSecurityPolicy,
          'X-Content-Type-Options': 'nosniff',
        })
        .send(renderPage({ key, endpoint: req.baseUrl + req.path }));
    } catch (error) {
      logger.error({ err: error }, 'GraphiQL could not be bundled');
      res.status(500).type('text').send('GraphiQL could not be bundled; the gateway log says why.');
    }
  });
  router.get('/graphiql/:key/:file', async (req, res, next) => {
    try {
      const { key, files } = await bundle();
      const contents = req.params.key === key ? files.get(req.params.file) : undefined;
      // A page from before a restart that changed the packages asks for an old key: reloading fixes it.
      if (!contents) return res.status(404).type('text').send('Not found');
      res
        .type(path.extname(req.params.file))
        .set({ 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' })
        .send(contents);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
