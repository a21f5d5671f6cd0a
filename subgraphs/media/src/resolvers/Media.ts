import type { MediaMimeType, MediaResolvers } from '../generated/resolvers-types.ts';

/** "image/jpeg" → IMAGE_JPEG */
function mimeEnum(mimeType: string): MediaMimeType {
  return mimeType.replace('/', '_').toUpperCase() as MediaMimeType;
}

export const Media: MediaResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.mediaById.load(reference.id),
  owner: (media) => ({ id: media.ownerId }),
  mimeType: (media) => mimeEnum(media.mimeType),
  url: (media, _args, { publicUrl }) => `${publicUrl}/media/${media.id}`,
};
