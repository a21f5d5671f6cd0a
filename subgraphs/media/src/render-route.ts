import type express from 'express';
import { ErrorCode, isUuid, sendGraphQLError, type PrismaClient } from '@chorus/runtime';
import type { DerivativeRenderer } from './derivatives.ts';
import { canonical, InvalidDerivative, negotiateFormat, parseDerivativeQuery } from './derivative-params.ts';
import type { UrlSigner } from './url-signing.ts';

const mimeOf = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' } as const;

/**
 * GET /media/:id/render?w=&h=&fit=&focus=&q=&f=&sig= — a derivative, made on
 * first request and cached. Only URLs the service signed are rendered: any
 * parameter changed, added or removed gives 403.
 */
export function mountRender(app: express.Express, deps: { db: PrismaClient; renderer: DerivativeRenderer; signer: UrlSigner }): void {
  app.get('/media/:id/render', async (req, res, next) => {
    try {
      const id = req.params.id.toLowerCase();
      let params;
      try {
        if (!isUuid(id)) throw new InvalidDerivative('not a media id');
        params = parseDerivativeQuery(id, req.query as Record<string, unknown>);
      } catch (error) {
        if (!(error instanceof InvalidDerivative)) throw error;
        sendGraphQLError(res, 403, ErrorCode.Forbidden, 'This image URL is not valid.');
        return;
      }
      const known = new Set(['w', 'h', 'fit', 'focus', 'q', 'f', 'sig']);
      const extra = Object.keys(req.query).some((key) => !known.has(key));
      if (extra || !deps.signer.verify(canonical(params), req.query.sig as string | undefined)) {
        sendGraphQLError(res, 403, ErrorCode.Forbidden, 'This image URL is not valid.');
        return;
      }
      const media = await deps.db.media.findUnique({ where: { id } });
      if (media === null) {
        sendGraphQLError(res, 404, ErrorCode.NotFound, 'No such media.');
        return;
      }
      const format = params.format ?? negotiateFormat(req.headers.accept);
      const etag = `"${deps.renderer.keyOf(media.contentHash, params, format)}"`;
      if (params.format === null) res.setHeader('Vary', 'Accept');
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('ETag', etag);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      const rendered = await deps.renderer.render(media.contentHash, params, format);
      res.setHeader('Content-Type', mimeOf[format]);
      res.send(rendered.bytes);
    } catch (error) {
      next(error);
    }
  });
}
