import { randomUUID } from 'node:crypto';
import { issueAccessToken, type PrismaClient } from '@chorus/runtime';

export interface Member {
  id: string;
  /** An access token, as a signed-in client holds. */
  token: string;
}

export interface Group {
  id: string;
  members: Member[];
}

/**
 * Users and full groups written straight into the database, with access
 * tokens minted under the configured secret: signing up thousands of users
 * would spend minutes in scrypt and measure nothing of interest here.
 */
export async function seedGroups(
  db: PrismaClient,
  jwtSecret: string,
  { groups, membersEach }: { groups: number; membersEach: number },
): Promise<Group[]> {
  const users = Array.from({ length: groups * membersEach }, (_, i) => ({
    id: randomUUID(),
    handle: `bench_${i}`,
    handleKey: `bench_${i}`,
    displayName: `Bench User ${i}`,
  }));
  for (let i = 0; i < users.length; i += 5_000) await db.user.createMany({ data: users.slice(i, i + 5_000) });
  const tokens = await Promise.all(
    users.map(async (user) => (await issueAccessToken({ userId: user.id, sessionId: randomUUID() }, jwtSecret, 3600)).token),
  );
  const result: Group[] = [];
  for (let g = 0; g < groups; g++) {
    const id = randomUUID();
    const members = users.slice(g * membersEach, (g + 1) * membersEach).map((user, i) => ({ id: user.id, token: tokens[g * membersEach + i]! }));
    await db.conversation.create({ data: { id, kind: 'GROUP', title: `Bench group ${g}` } });
    await db.conversationMember.createMany({
      data: members.map((member, i) => ({ conversationId: id, userId: member.id, role: i === 0 ? 'OWNER' : 'MEMBER' })),
    });
    result.push({ id, members });
  }
  return result;
}
