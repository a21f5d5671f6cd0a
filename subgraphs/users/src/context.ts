import type DataLoader from 'dataloader';
import { rowsById, type BaseContext, type PrismaClient } from '@chorus/runtime';
import type { UserRow } from './mappers.ts';

export interface UsersContext extends BaseContext {
  db: PrismaClient;
  loaders: {
    userById: DataLoader<string, UserRow | null>;
  };
}

export function createUsersContext(base: BaseContext, db: PrismaClient): UsersContext {
  return {
    ...base,
    db,
    loaders: {
      // Deleted accounts resolve to null everywhere, like ids that never existed.
      userById: rowsById(base.loaderOptions, (ids) => db.user.findMany({ where: { id: { in: [...ids] }, deletedAt: null } })),
    },
  };
}
