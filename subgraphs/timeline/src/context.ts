import type DataLoader from 'dataloader';
import { rowsById, type BaseContext, type PrismaClient } from '@chorus/runtime';
import type { PostRow } from './mappers.ts';

export interface TimelineContext extends BaseContext {
  db: PrismaClient;
  loaders: {
    postById: DataLoader<string, PostRow | null>;
  };
}

export function createTimelineContext(base: BaseContext, db: PrismaClient): TimelineContext {
  return {
    ...base,
    db,
    loaders: {
      postById: rowsById(base.loaderOptions, (ids) => db.post.findMany({ where: { id: { in: [...ids] } } })),
    },
  };
}
