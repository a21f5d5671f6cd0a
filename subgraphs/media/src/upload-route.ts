import type express from 'express';
import type { Readable } from 'node:stream';
import { ErrorCode, isUuid, sendGraphQLError, type Logger, type PrismaClient } from '@chorus/runtime';
import type { BlobStore } from './blob-store.ts';
import type { DerivativeRenderer } from './derivatives.ts';
import { ImageRejected, maxUploadBytes, processUpload } from './image-pipeline.ts';
import { claimTicket } from './upload-tickets.ts';
import type { UrlSigner } from './url-signing.ts';
import { eagerThumbnails } from './thumbnails.ts';

class TooLarge extends Error {}

/** Reads a request body up to `limit` bytes and no further: a bigger one is cut off, not buffered. */
async function readBounded(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const statusOf = { UNSUPPORTED_MEDIA_TYPE: 415, PAYLOAD_TOO_LARGE: 413, BAD_USER_INPUT: 400 } as const;

/**
 * PUT /uploads/:ticket?sig=… takes the image bytes as the request body. The
 * ticket is claimed first (one use), the body is read up to the limit, and
 * nothing is written anywhere until the image has been checked and
 * normalised — so a rejected upload leaves nothing behind.
 */
export function mountUploads(
  app: express.Express,
  deps: { db: PrismaClient; blobs: BlobStore; signer: UrlSigner; renderer: DerivativeRenderer; logger: Logger },
): void {
  app.put('/uploads/:ticket', async (req, res, next) => {
    try {
      const ticketId = req.params.ticket;
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxUploadBytes) {
        sendGraphQLError(res, 413, ErrorCode.PayloadTooLarge, `Images may be at most ${maxUploadBytes} bytes.`);
        return;
      }
      const ticket = isUuid(ticketId)
        ? await claimTicket(deps.db, deps.signer, ticketId.toLowerCase(), req.query.sig)
        : ({ ok: false, status: 403, message: 'The upload URL is not valid.' } as const);
      if (!ticket.ok) {
        sendGraphQLError(res, ticket.status, ticket.status === 403 ? ErrorCode.Forbidden : 'UPLOAD_URL_EXPIRED', ticket.message);
        return;
      }
      let body: Buffer;
      try {
        body = await readBounded(req, maxUploadBytes);
      } catch (error) {
        if (!(error instanceof TooLarge)) throw error;
        sendGraphQLError(res, 413, ErrorCode.PayloadTooLarge, `Images may be at most ${maxUploadBytes} bytes.`);
        req.destroy();
        return;
      }
      const image = await processUpload(body);
      const contentHash = await deps.blobs.put(image.bytes);
      const media = await deps.db.media.create({
        data: {
          ownerId: ticket.ownerId,
          contentHash,
          mimeType: image.mimeType,
          byteSize: image.bytes.length,
          width: image.width,
          height: image.height,
          blurhash: image.blurhash,
          dominantColor: image.dominantColor,
        },
      });
      await eagerThumbnails(deps.renderer, media);
      res.status(201).json({ data: { id: media.id, width: media.width, height: media.height, mimeType: media.mimeType } });
    } catch (error) {
      if (error instanceof ImageRejected) {
        sendGraphQLError(res, statusOf[error.code], error.code, error.message);
        return;
      }
      next(error);
    }
  });
}
