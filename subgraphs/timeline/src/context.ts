import type DataLoader from 'dataloader';
import { groupedLoader, lazyBlockSet, rowsById, type BaseContext, type JobQueue, type PrismaClient, type TimelineConfig } from '@chorus/runtime';
import type { PostRow } from './mappers.ts';
import type { TimelineEntry, TimelineStore } from './store/timeline-store.ts';
import { loadAuthorEntries } from './author-pages.ts';

export interface TimelineContext extends BaseContext {
  db: PrismaClient;
  store: TimelineStore;
  queue: JobQueue;
  settings: TimelineConfig;
  /** Authors who block the caller or whom the caller blocks: their posts are hidden from the caller. */
  blockedEitherWay: () => Promise<Set<string>>;
  loaders: {
    postById: DataLoader<string, PostRow | null>;
    /** Index entries of many authors' pages, one store call per batch (first + 1 each). */
    authorEntries: DataLoader<AuthorPageKey, TimelineEntry[], string>;
  };
}

export interface AuthorPageKey {
  authorId: string;
  first: number;
  after: string | null;
}

export interface TimelineServices {
  db: PrismaClient;
  store: TimelineStore;
  queue: JobQueue;
  settings: TimelineConfig;
}

export function createTimelineContext(base: BaseContext, services: TimelineServices): TimelineContext {
  return {
    ...base,
    ...services,
    blockedEitherWay: lazyBlockSet(services.db, 'timeline', base.viewerId),
    loaders: {
      postById: rowsById(base.loaderOptions, async (ids) => [...(await services.store.getPosts(ids)).values()]),
      authorEntries: groupedLoader(
        base.loaderOptions,
        (key: AuthorPageKey) => JSON.stringify([key.first, key.after]),
        (keys) => loadAuthorEntries(services.store, keys),
      ),
    },
  };
}
