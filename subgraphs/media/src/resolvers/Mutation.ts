import { requireUser } from '@chorus/runtime';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { decodeUpload, inspectImage } from '../image-upload.ts';

export const Mutation: MutationResolvers = {
  async uploadImage(_parent, { input }, context) {
    const ownerId = requireUser(context);
    const bytes = decodeUpload(input.base64);
    const facts = await inspectImage(bytes);
    const contentHash = await context.blobs.put(bytes);
    return context.db.media.create({ data: { ownerId, contentHash, byteSize: bytes.length, ...facts } });
  },
};
