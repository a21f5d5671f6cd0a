import type DataLoader from 'dataloader';
import { groupedLoader, lazyBlockSet, rowsById, type BaseContext, type PrismaClient } from '@chorus/runtime';
import type { PostPage, PostRow } from './mappers.ts';
import { loadAuthorPages, type AuthorPageKey } from './post-lists.ts';

export interface TimelineContext extends BaseContext {
  db: PrismaClient;
  /** Authors who block the caller or whom the caller blocks: their posts are hidden from the caller. */
  blockedEitherWay: () => Promise<Set<string>>;
  loaders: {
    postById: DataLoader<string, PostRow | null>;
    authorPage: DataLoader<AuthorPageKey, PostPage, string>;
  };
}

export function createTimelineContext(base: BaseContext, db: PrismaClient): TimelineContext {
  return {
    ...base,
    db,
    blockedEitherWay: lazyBlockSet(db, 'timeline', base.viewerId),
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
