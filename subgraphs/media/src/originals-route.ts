import type express from 'express';
import { isUuid, sendGraphQLError, ErrorCode, type PrismaClient } from '@chorus/runtime';
import type { BlobStore } from './blob-store.ts';

/** Serves an original by media id. Bytes never change for an id, so caches may keep them forever. */
export function mountOriginals(app: express.Express, db: PrismaClient, blobs: BlobStore): void {
  app.get('/media/:id', async (req, res, next) => {
    try {
      const { id } = req.params;
      const media = isUuid(id) ? await db.media.findUnique({ where: { id: id.toLowerCase() } }) : null;
      if (media === null || !(await blobs.has(media.contentHash))) {
        sendGraphQLError(res, 404, ErrorCode.NotFound, 'No such media.');
        return;
      }
      res.setHeader('Content-Type', media.mimeType);
      res.setHeader('Content-Length', String(media.byteSize));
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('ETag', `"${media.contentHash}"`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      blobs.read(media.contentHash).on('error', next).pipe(res);
    } catch (error) {
      next(error);
    }
  });
}
