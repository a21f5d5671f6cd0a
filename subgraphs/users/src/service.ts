import {
  blockProjectionHandlers,
  loadSubgraphTypeDefs,
  pingDatabase,
  type SubgraphDefinition,
  type SubgraphDeps,
} from '@chorus/runtime';
import { createUsersContext, type UsersContext } from './context.ts';
import { createResolvers } from './resolvers/index.ts';

export function createUsersSubgraph({ prisma, config }: Pick<SubgraphDeps, 'prisma' | 'config'>): SubgraphDefinition<UsersContext> {
  return {
    name: 'users',
    typeDefs: loadSubgraphTypeDefs('users'),
    resolvers: createResolvers(config),
    createContext: (base) => createUsersContext(base, prisma),
    checkReady: () => pingDatabase(prisma),
    events: blockProjectionHandlers('users'),
  };
}
