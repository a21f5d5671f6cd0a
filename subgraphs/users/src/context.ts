import type DataLoader from 'dataloader';
import { lazyBlockSet, rowsById, type BaseContext, type PrismaClient } from '@chorus/runtime';
import type { UserRow } from './mappers.ts';

export interface UsersContext extends BaseContext {
  db: PrismaClient;
  /** Users who block the caller or whom the caller blocks: hidden from the caller's lookups. */
  blockedEitherWay: () => Promise<Set<string>>;
  loaders: {
    userById: DataLoader<string, UserRow | null>;
  };
}

export function createUsersContext(base: BaseContext, db: PrismaClient): UsersContext {
  return {
    ...base,
    db,
    blockedEitherWay: lazyBlockSet(db, 'users', base.viewerId),
    loaders: {
      // Deleted accounts resolve to null everywhere, like ids that never existed.
      userById: rowsById(base.loaderOptions, (ids) => db.user.findMany({ where: { id: { in: [...ids] }, deletedAt: null } })),
    },
  };
}
