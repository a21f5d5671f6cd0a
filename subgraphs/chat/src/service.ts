import {
  blockProjectionHandlers,
  combineHandlers,
  loadSubgraphTypeDefs,
  pingDatabase,
  type SubgraphDefinition,
  type SubgraphDeps,
} from '@chorus/runtime';
import { createChatContext, type ChatContext } from './context.ts';
import { chatEvents } from './events.ts';
import { resolvers } from './resolvers/index.ts';

export function createChatSubgraph({ prisma }: Pick<SubgraphDeps, 'prisma'>): SubgraphDefinition<ChatContext> {
  return {
    name: 'chat',
    typeDefs: loadSubgraphTypeDefs('chat'),
    resolvers,
    createContext: (base) => createChatContext(base, prisma),
    checkReady: () => pingDatabase(prisma),
    events: combineHandlers(chatEvents, blockProjectionHandlers('chat')),
  };
}
