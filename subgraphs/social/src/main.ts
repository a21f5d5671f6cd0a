import { runSubgraphMain } from '@chorus/runtime';
import { createSocialSubgraph } from './service.ts';

runSubgraphMain('social', createSocialSubgraph);
