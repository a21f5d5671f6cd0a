import type { PrismaClient } from '@chorus/runtime';

/** How the caller stands towards one other user. */
export interface Relation {
  following: boolean;
  requested: boolean;
  followsYou: boolean;
  blocking: boolean;
  blockedBy: boolean;
  muting: boolean;
}

/** Every relation between the viewer and each of `others`, in one query. */
export async function loadRelations(
  db: PrismaClient,
  viewerId: string | null,
  others: readonly string[],
): Promise<Map<string, Relation>> {
  if (viewerId === null) return new Map();
  const rows = await db.$queryRaw<({ other: string } & Relation)[]>`
    SELECT o.other::text AS other,
      EXISTS (SELECT 1 FROM social.follow WHERE follower_id = ${viewerId}::uuid AND followee_id = o.other) AS following,
      EXISTS (SELECT 1 FROM social.follow_request WHERE requester_id = ${viewerId}::uuid AND target_id = o.other) AS requested,
      EXISTS (SELECT 1 FROM social.follow WHERE follower_id = o.other AND followee_id = ${viewerId}::uuid) AS "followsYou",
      EXISTS (SELECT 1 FROM social.block WHERE blocker_id = ${viewerId}::uuid AND blocked_id = o.other) AS blocking,
      EXISTS (SELECT 1 FROM social.block WHERE blocker_id = o.other AND blocked_id = ${viewerId}::uuid) AS "blockedBy",
      EXISTS (SELECT 1 FROM social.mute WHERE muter_id = ${viewerId}::uuid AND muted_id = o.other) AS muting
    FROM unnest(${[...others]}::uuid[]) AS o(other)`;
  return new Map(rows.map(({ other, ...relation }) => [other, relation]));
}
