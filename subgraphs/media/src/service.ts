import path from 'node:path';
import { loadSubgraphTypeDefs, pingDatabase, type SubgraphDefinition, type SubgraphDeps } from '@chorus/runtime';
import { LocalBlobStore } from './blob-store.ts';
import { createMediaContext, type MediaContext } from './context.ts';
import { DerivativeRenderer } from './derivatives.ts';
import { mediaEvents } from './events.ts';
import { mountOriginals } from './originals-route.ts';
import { mountRender } from './render-route.ts';
import { resolvers } from './resolvers/index.ts';
import { mountUploads } from './upload-route.ts';
import { UrlSigner } from './url-signing.ts';

export function createMediaSubgraph({ prisma, config, logger }: SubgraphDeps): SubgraphDefinition<MediaContext> {
  const blobs = new LocalBlobStore(path.join(config.dataDir, 'blobs'));
  const renderer = new DerivativeRenderer(path.join(config.dataDir, 'derivatives'), blobs);
  const signer = new UrlSigner(config.secrets.internalSecret);
  return {
    name: 'media',
    typeDefs: loadSubgraphTypeDefs('media'),
    resolvers,
    createContext: (base) => createMediaContext(base, prisma, signer, config.mediaPublicUrl),
    checkReady: () => pingDatabase(prisma),
    routes: (app) => {
      mountUploads(app, { db: prisma, blobs, signer, renderer, logger });
      mountRender(app, { db: prisma, renderer, signer });
      mountOriginals(app, prisma, blobs);
    },
    events: mediaEvents(blobs),
  };
}
