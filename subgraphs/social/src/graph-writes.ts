import { chorusError, ErrorCode, forbidden, publishEvent, type PrismaClient, type Transaction } from '@chorus/runtime';

export type FollowStatus = 'FOLLOWING' | 'REQUESTED';

/**
 * Runs `work` with both users' account rows locked, in id order (so two
 * transactions on the same pair queue instead of deadlocking). Serialising
 * every change to a pair keeps "are they friends?" and the friend-list
 * versions exact under concurrent follows and unfollows.
 */
async function withPairLocked<T>(db: PrismaClient, a: string, b: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO social.account (user_id) VALUES (${a}::uuid), (${b}::uuid) ON CONFLICT (user_id) DO NOTHING`;
    await tx.$queryRaw`
      SELECT user_id FROM social.account WHERE user_id IN (${a}::uuid, ${b}::uuid) ORDER BY user_id FOR UPDATE`;
    return work(tx);
  });
}

async function follows(tx: Transaction, follower: string, followee: string): Promise<boolean> {
  return (await tx.follow.count({ where: { followerId: follower, followeeId: followee } })) > 0;
}

async function areFriends(tx: Transaction, a: string, b: string): Promise<boolean> {
  return (await follows(tx, a, b)) && (await follows(tx, b, a));
}

/** A friend list changed: its version moves on, so cached copies revalidate. */
export async function bumpFriendListVersions(tx: Transaction, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE social.account SET friend_list_version = friend_list_version + 1 WHERE user_id = ANY(${userIds}::uuid[])`;
}

/** Creates a follow and, when it completes a friendship, moves both friend-list versions. */
async function addFollow(tx: Transaction, follower: string, followee: string): Promise<void> {
  const created = await tx.follow.createMany({ data: [{ followerId: follower, followeeId: followee }], skipDuplicates: true });
  if (created.count === 0) return;
  await publishEvent(tx, 'follow.created', { followerId: follower, followeeId: followee });
  if (await follows(tx, followee, follower)) await bumpFriendListVersions(tx, [follower, followee]);
}

/** Deletes one follow, announcing it if there was one. */
async function removeFollow(tx: Transaction, follower: string, followee: string): Promise<void> {
  const deleted = await tx.follow.deleteMany({ where: { followerId: follower, followeeId: followee } });
  if (deleted.count > 0) await publishEvent(tx, 'follow.removed', { followerId: follower, followeeId: followee });
}

export function follow(db: PrismaClient, viewerId: string, userId: string): Promise<FollowStatus> {
  return withPairLocked(db, viewerId, userId, async (tx) => {
    const target = await tx.socialAccount.findUniqueOrThrow({ where: { userId } });
    if (target.deletedAt !== null) throw chorusError(ErrorCode.NotFound, 'This user does not exist.');
    const blocks = await tx.block.count({
      where: { OR: [{ blockerId: viewerId, blockedId: userId }, { blockerId: userId, blockedId: viewerId }] },
    });
    if (blocks > 0) throw forbidden('You cannot follow this user.');
    if (await follows(tx, viewerId, userId)) return 'FOLLOWING';
    if (target.isPrivate) {
      await tx.followRequest.createMany({ data: [{ requesterId: viewerId, targetId: userId }], skipDuplicates: true });
      return 'REQUESTED';
    }
    await addFollow(tx, viewerId, userId);
    return 'FOLLOWING';
  });
}

export function unfollow(db: PrismaClient, viewerId: string, userId: string): Promise<void> {
  return withPairLocked(db, viewerId, userId, async (tx) => {
    const wereFriends = await areFriends(tx, viewerId, userId);
    await removeFollow(tx, viewerId, userId);
    if (wereFriends) await bumpFriendListVersions(tx, [viewerId, userId]);
  });
}

export async function cancelRequest(db: PrismaClient, requesterId: string, targetId: string): Promise<boolean> {
  const deleted = await db.followRequest.deleteMany({ where: { requesterId, targetId } });
  return deleted.count > 0;
}

/** The target approves: the request becomes a follow. False when there was no request. */
export function approveRequest(db: PrismaClient, targetId: string, requesterId: string): Promise<boolean> {
  return withPairLocked(db, targetId, requesterId, async (tx) => {
    const deleted = await tx.followRequest.deleteMany({ where: { requesterId, targetId } });
    if (deleted.count === 0) return false;
    await addFollow(tx, requesterId, targetId);
    return true;
  });
}

/** Removes every follow and request between the two, both ways. */
async function sever(tx: Transaction, a: string, b: string): Promise<void> {
  const wereFriends = await areFriends(tx, a, b);
  await removeFollow(tx, a, b);
  await removeFollow(tx, b, a);
  await tx.followRequest.deleteMany({ where: { OR: [{ requesterId: a, targetId: b }, { requesterId: b, targetId: a }] } });
  if (wereFriends) await bumpFriendListVersions(tx, [a, b]);
}

export function block(db: PrismaClient, viewerId: string, userId: string): Promise<void> {
  return withPairLocked(db, viewerId, userId, async (tx) => {
    await sever(tx, viewerId, userId);
    const created = await tx.block.createMany({ data: [{ blockerId: viewerId, blockedId: userId }], skipDuplicates: true });
    // Other subgraphs hide each from the other too (timelines, chat).
    if (created.count > 0) await publishEvent(tx, 'user.blocked', { blockerId: viewerId, blockedId: userId });
  });
}

export function unblock(db: PrismaClient, viewerId: string, userId: string): Promise<void> {
  return db.$transaction(async (tx) => {
    const deleted = await tx.block.deleteMany({ where: { blockerId: viewerId, blockedId: userId } });
    if (deleted.count > 0) await publishEvent(tx, 'user.unblocked', { blockerId: viewerId, blockedId: userId });
  });
}

export function mute(db: PrismaClient, viewerId: string, userId: string): Promise<void> {
  return db.$transaction(async (tx) => {
    const created = await tx.mute.createMany({ data: [{ muterId: viewerId, mutedId: userId }], skipDuplicates: true });
    if (created.count > 0) await publishEvent(tx, 'user.muted', { muterId: viewerId, mutedId: userId });
  });
}

export function unmute(db: PrismaClient, viewerId: string, userId: string): Promise<void> {
  return db.$transaction(async (tx) => {
    const deleted = await tx.mute.deleteMany({ where: { muterId: viewerId, mutedId: userId } });
    if (deleted.count > 0) await publishEvent(tx, 'user.unmuted', { muterId: viewerId, mutedId: userId });
  });
}

/** A private account that turns public lets everyone it kept waiting in. */
export async function approveAllRequests(tx: Transaction, targetId: string): Promise<void> {
  const pending = await tx.followRequest.findMany({ where: { targetId } });
  await tx.followRequest.deleteMany({ where: { targetId } });
  for (const request of pending) await addFollow(tx, request.requesterId, targetId);
}

/** Everything social holds about a deleted user goes; their friends' lists change. */
export async function forgetUser(tx: Transaction, userId: string): Promise<void> {
  const friends = await tx.$queryRaw<{ friend: string }[]>`
    SELECT f.followee_id::text AS friend FROM social.follow f
    JOIN social.follow r ON r.follower_id = f.followee_id AND r.followee_id = f.follower_id
    WHERE f.follower_id = ${userId}::uuid`;
  await tx.follow.deleteMany({ where: { OR: [{ followerId: userId }, { followeeId: userId }] } });
  await tx.followRequest.deleteMany({ where: { OR: [{ requesterId: userId }, { targetId: userId }] } });
  await tx.block.deleteMany({ where: { OR: [{ blockerId: userId }, { blockedId: userId }] } });
  await tx.mute.deleteMany({ where: { OR: [{ muterId: userId }, { mutedId: userId }] } });
  await tx.socialAccount.upsert({
    where: { userId },
    create: { userId, deletedAt: new Date() },
    update: { deletedAt: new Date(), isPrivate: false },
  });
  await bumpFriendListVersions(tx, friends.map((row) => row.friend));
}
