import { publishEvent, type PrismaClient } from '@chorus/runtime';

/**
 * Erases what identifies the person and keeps a tombstone: the id (so other
 * subgraphs' references resolve to "nobody") and the handle key (so nobody
 * can take over the handle and be mistaken for them). The event tells the
 * other subgraphs to drop the user's follows, posts, memberships and media.
 */
export async function deleteAccount(db: PrismaClient, userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: {
        email: null,
        emailKey: null,
        passwordHash: null,
        displayName: '',
        bio: '',
        avatarMediaId: null,
        isPrivate: false,
        deletedAt: new Date(),
      },
    });
    await tx.session.deleteMany({ where: { userId } });
    await publishEvent(tx, 'user.deleted', { userId });
  });
}
