import { badUserInput } from '@chorus/runtime';
import type { MediaMimeType, MediaResolvers } from '../generated/resolvers-types.ts';
import { derivativePath, maxDimension, type DerivativeParams } from '../derivative-params.ts';
import { thumbnailParams, thumbnailWidths } from '../thumbnails.ts';

/** "image/jpeg" → IMAGE_JPEG */
function mimeEnum(mimeType: string): MediaMimeType {
  return mimeType.replace('/', '_').toUpperCase() as MediaMimeType;
}

function side(value: number | null | undefined, name: string): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 1 || value > maxDimension) throw badUserInput(`${name} must be 1–${maxDimension}.`, name);
  return value;
}

export const Media: MediaResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.mediaById.load(reference.id),
  owner: (media) => ({ id: media.ownerId }),
  mimeType: (media) => mimeEnum(media.mimeType),
  url(media, args, { signer, publicUrl }) {
    const quality = args.quality ?? 80;
    if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw badUserInput('quality must be 1–100.', 'quality');
    const params: DerivativeParams = {
      mediaId: media.id,
      width: side(args.width, 'width'),
      height: side(args.height, 'height'),
      fit: (args.fit ?? 'INSIDE').toLowerCase() as DerivativeParams['fit'],
      focus: (args.focus ?? 'CENTRE').toLowerCase() as DerivativeParams['focus'],
      quality,
      format: args.format ? (args.format.toLowerCase() as DerivativeParams['format']) : null,
    };
    return publicUrl + derivativePath(params, signer);
  },
  originalUrl: (media, _args, { publicUrl }) => `${publicUrl}/media/${media.id}`,
  thumbnails: (media, _args, { signer, publicUrl }) =>
    thumbnailWidths
      .filter((width) => width <= media.width || width === thumbnailWidths[0])
      .map((width) => ({ width: Math.min(width, media.width), url: publicUrl + derivativePath(thumbnailParams(media.id, width), signer) })),
};
