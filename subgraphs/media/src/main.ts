import { runSubgraphMain } from '@chorus/runtime';
import { createMediaSubgraph } from './service.ts';

runSubgraphMain('media', createMediaSubgraph);
