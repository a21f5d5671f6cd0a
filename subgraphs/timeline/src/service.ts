import {
  blockProjectionHandlers,
  combineHandlers,
  loadSubgraphTypeDefs,
  pingDatabase,
  type SubgraphDefinition,
  type SubgraphDeps,
} from '@chorus/runtime';
import { createTimelineContext, type TimelineContext } from './context.ts';
import { timelineEvents } from './events.ts';
import { resolvers } from './resolvers/index.ts';

export function createTimelineSubgraph({ prisma }: Pick<SubgraphDeps, 'prisma'>): SubgraphDefinition<TimelineContext> {
  return {
    name: 'timeline',
    typeDefs: loadSubgraphTypeDefs('timeline'),
    resolvers,
    createContext: (base) => createTimelineContext(base, prisma),
    checkReady: () => pingDatabase(prisma),
    events: combineHandlers(timelineEvents, blockProjectionHandlers('timeline')),
  };
}
