import type { PrismaClient } from '@chorus/runtime';
import type { FollowSuggestionModel } from './mappers.ts';

export const maxSuggestions = 50;

/**
 * Friends of the viewer's friends, ranked by how many friends they share with
 * the viewer. Never the viewer, anyone the viewer follows or asked to
 * follow, anyone blocked either way or muted, or a deleted account.
 */
export async function suggestFollows(db: PrismaClient, viewerId: string, first: number): Promise<FollowSuggestionModel[]> {
  const rows = await db.$queryRaw<{ candidate: string; mutual: number }[]>`
    WITH my_friends AS (
      SELECT f.followee_id AS friend FROM social.follow f
      JOIN social.follow r ON r.follower_id = f.followee_id AND r.followee_id = f.follower_id
      WHERE f.follower_id = ${viewerId}::uuid
    )
    SELECT c.followee_id::text AS candidate, count(*)::int AS mutual
    FROM my_friends m
    JOIN social.follow c ON c.follower_id = m.friend
    JOIN social.follow cr ON cr.follower_id = c.followee_id AND cr.followee_id = c.follower_id
    WHERE c.followee_id <> ${viewerId}::uuid
      AND NOT EXISTS (SELECT 1 FROM social.follow x WHERE x.follower_id = ${viewerId}::uuid AND x.followee_id = c.followee_id)
      AND NOT EXISTS (SELECT 1 FROM social.follow_request q WHERE q.requester_id = ${viewerId}::uuid AND q.target_id = c.followee_id)
      AND NOT EXISTS (SELECT 1 FROM social.block b
                      WHERE (b.blocker_id = ${viewerId}::uuid AND b.blocked_id = c.followee_id)
                         OR (b.blocker_id = c.followee_id AND b.blocked_id = ${viewerId}::uuid))
      AND NOT EXISTS (SELECT 1 FROM social.mute u WHERE u.muter_id = ${viewerId}::uuid AND u.muted_id = c.followee_id)
      AND NOT EXISTS (SELECT 1 FROM social.account a WHERE a.user_id = c.followee_id AND a.deleted_at IS NOT NULL)
    GROUP BY c.followee_id
    ORDER BY mutual DESC, candidate
    LIMIT ${first}`;
  return rows.map((row) => ({ user: { id: row.candidate }, mutualFriendCount: row.mutual }));
}
