import type DataLoader from 'dataloader';
import { rowsById, type BaseContext, type PrismaClient } from '@chorus/runtime';
import type { MediaRow } from './mappers.ts';
import type { UrlSigner } from './url-signing.ts';

export interface MediaContext extends BaseContext {
  db: PrismaClient;
  signer: UrlSigner;
  publicUrl: string;
  loaders: {
    mediaById: DataLoader<string, MediaRow | null>;
  };
}

export function createMediaContext(base: BaseContext, db: PrismaClient, signer: UrlSigner, publicUrl: string): MediaContext {
  return {
    ...base,
    db,
    signer,
    publicUrl,
    loaders: {
      mediaById: rowsById(base.loaderOptions, (ids) => db.media.findMany({ where: { id: { in: [...ids] } } })),
    },
  };
}
