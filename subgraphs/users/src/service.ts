import { loadSubgraphTypeDefs, pingDatabase, type SubgraphDefinition, type SubgraphDeps } from '@chorus/runtime';
import { createUsersContext, type UsersContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export function createUsersSubgraph({ prisma }: Pick<SubgraphDeps, 'prisma'>): SubgraphDefinition<UsersContext> {
  return {
    name: 'users',
    typeDefs: loadSubgraphTypeDefs('users'),
    resolvers,
    createContext: (base) => createUsersContext(base, prisma),
    checkReady: () => pingDatabase(prisma),
  };
}
