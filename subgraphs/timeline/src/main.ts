import { runSubgraphMain } from '@chorus/runtime';
import { createTimelineSubgraph } from './service.ts';

runSubgraphMain('timeline', createTimelineSubgraph);
