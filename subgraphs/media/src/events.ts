import type { EventHandlers } from '@chorus/runtime';
import type { BlobStore } from './blob-store.ts';

export function mediaEvents(blobs: BlobStore): EventHandlers {
  return {
    // A deleted user's uploads go, and so do their bytes once nobody else's upload shares them.
    'user.deleted': async ({ userId }, tx) => {
      const owned = await tx.media.findMany({ where: { ownerId: userId }, select: { contentHash: true } });
      await tx.media.deleteMany({ where: { ownerId: userId } });
      const hashes = [...new Set(owned.map((media) => media.contentHash))];
      const shared = await tx.media.findMany({ where: { contentHash: { in: hashes } }, select: { contentHash: true } });
      const orphaned = hashes.filter((hash) => !shared.some((media) => media.contentHash === hash));
      return async () => {
        for (const hash of orphaned) await blobs.remove(hash);
      };
    },
  };
}
