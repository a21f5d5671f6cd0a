import { isUuid } from '@chorus/runtime';
import type { QueryResolvers } from '../generated/resolvers-types.ts';

export const Query: QueryResolvers = {
  media: (_parent, { id }, { loaders }) => (isUuid(id) ? loaders.mediaById.load(id.toLowerCase()) : null),
};
