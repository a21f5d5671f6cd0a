import { loadSubgraphTypeDefs, pingDatabase, type SubgraphDefinition, type SubgraphDeps } from '@chorus/runtime';
import { createSocialContext, type SocialContext } from './context.ts';
import { socialEvents } from './events.ts';
import { resolvers } from './resolvers/index.ts';

export function createSocialSubgraph({ prisma }: Pick<SubgraphDeps, 'prisma'>): SubgraphDefinition<SocialContext> {
  return {
    name: 'social',
    typeDefs: loadSubgraphTypeDefs('social'),
    resolvers,
    createContext: (base) => createSocialContext(base, prisma),
    checkReady: () => pingDatabase(prisma),
    events: socialEvents,
  };
}
