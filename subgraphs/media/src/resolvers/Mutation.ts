import { requireUser } from '@chorus/runtime';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { maxUploadBytes } from '../image-pipeline.ts';
import { createTicket } from '../upload-tickets.ts';

export const Mutation: MutationResolvers = {
  createUpload(_parent, _args, context) {
    const ownerId = requireUser(context);
    return createTicket(context.db, context.signer, ownerId, context.publicUrl, maxUploadBytes);
  },
};
