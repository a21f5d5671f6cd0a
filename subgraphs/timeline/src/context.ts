import type DataLoader from 'dataloader';
import { groupedLoader, rowsById, type BaseContext, type PrismaClient } from '@chorus/runtime';
import type { PostPage, PostRow } from './mappers.ts';
import { loadAuthorPages, type AuthorPageKey } from './post-lists.ts';

export interface TimelineContext extends BaseContext {
  db: PrismaClient;
  loaders: {
    postById: DataLoader<string, PostRow | null>;
    authorPage: DataLoader<AuthorPageKey, PostPage, string>;
  };
}

export function createTimelineContext(base: BaseContext, db: PrismaClient): TimelineContext {
  return {
    ...base,
    db,
    loaders: {
      postById: rowsById(base.loaderOptions, (ids) => db.post.findMany({ where: { id: { in: [...ids] } } })),
      authorPage: groupedLoader(
        base.loaderOptions,
        (key: AuthorPageKey) => JSON.stringify([key.first, key.after]),
        (keys) => loadAuthorPages(db, keys),
      ),
    },
  };
}
