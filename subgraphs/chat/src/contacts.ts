import type { EventHandlers, PrismaClient, Transaction } from '@chorus/runtime';

/** Mutual follows: the friends who see each other's presence. */
export async function friendIds(db: PrismaClient, userId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT a.followee_id::text AS id FROM chat.follow a
    JOIN chat.follow b ON b.follower_id = a.followee_id AND b.followee_id = a.follower_id
    WHERE a.follower_id = ${userId}::uuid`;
  return rows.map((row) => row.id);
}

export async function areFriends(db: PrismaClient, a: string, b: string): Promise<boolean> {
  const count = await db.chatFollow.count({
    where: { OR: [{ followerId: a, followeeId: b }, { followerId: b, followeeId: a }] },
  });
  return count === 2;
}

async function follows(tx: Transaction, followerId: string, followeeId: string): Promise<boolean> {
  return (await tx.chatFollow.count({ where: { followerId, followeeId } })) > 0;
}

/** Both sides' contacts version moves exactly when they become or stop being friends. */
async function bumpContacts(tx: Transaction, userIds: string[]): Promise<void> {
  for (const userId of userIds) {
    await tx.chatUserState.upsert({
      where: { userId },
      create: { userId, contactsVersion: 1 },
      update: { contactsVersion: { increment: 1 } },
    });
  }
}

/**
 * chat's copy of follows, from social's events. It exists so presence can go
 * to friends without asking social on every connection; sync reports the
 * contacts version so a client refetches its friend list only when it moved.
 */
export function contactEvents(onContactsChanged: (userIds: string[]) => Promise<void>): EventHandlers {
  return {
    'follow.created': async ({ followerId, followeeId }, tx) => {
      if (await follows(tx, followerId, followeeId)) return;
      await tx.chatFollow.create({ data: { followerId, followeeId } });
      if (!(await follows(tx, followeeId, followerId))) return;
      await bumpContacts(tx, [followerId, followeeId]);
      return () => onContactsChanged([followerId, followeeId]);
    },
    'follow.removed': async ({ followerId, followeeId }, tx) => {
      const { count } = await tx.chatFollow.deleteMany({ where: { followerId, followeeId } });
      if (count === 0 || !(await follows(tx, followeeId, followerId))) return;
      await bumpContacts(tx, [followerId, followeeId]);
      return () => onContactsChanged([followerId, followeeId]);
    },
  };
}
