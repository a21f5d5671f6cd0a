import { runSubgraphMain } from '@chorus/runtime';
import { createChatSubgraph } from './service.ts';

runSubgraphMain('chat', createChatSubgraph);
