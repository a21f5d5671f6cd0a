import path from 'node:path';
import { loadSubgraphTypeDefs, pingDatabase, type SubgraphDefinition, type SubgraphDeps } from '@chorus/runtime';
import { BlobStore } from './blob-store.ts';
import { createMediaContext, type MediaContext } from './context.ts';
import { mountOriginals } from './originals-route.ts';
import { mediaEvents } from './events.ts';
import { resolvers } from './resolvers/index.ts';

export function createMediaSubgraph({ prisma, config }: Pick<SubgraphDeps, 'prisma' | 'config'>): SubgraphDefinition<MediaContext> {
  const blobs = new BlobStore(path.join(config.dataDir, 'blobs'));
  return {
    name: 'media',
    typeDefs: loadSubgraphTypeDefs('media'),
    resolvers,
    createContext: (base) => createMediaContext(base, prisma, blobs, config.mediaPublicUrl),
    checkReady: () => pingDatabase(prisma),
    routes: (app) => mountOriginals(app, prisma, blobs),
    events: mediaEvents(blobs),
    // 8 MiB of image is ~11 MiB of base64 plus the GraphQL envelope.
    bodyLimit: '12mb',
  };
}
