import { runSubgraphMain } from '@chorus/runtime';
import { createUsersSubgraph } from './service.ts';

runSubgraphMain('users', createUsersSubgraph);
