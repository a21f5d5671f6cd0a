import { eventually } from '../../test/support/eventually.ts';
import type { TestSystem } from '../../test/support/system.ts';

export interface Seeded {
  /** Signed-up users, by index; user 0 is the bench's signed-in caller. */
  userIds: string[];
  handles: string[];
  /** User 0's access token, from the login mutation, for our gateway. */
  accessToken: string;
}

const people = 20;
const followsEach = 5;
const postRounds = 5;
const password = 'bench password 0123';

/** Everything through our gateway's public mutations, as a client would seed it. */
export async function seed(system: TestSystem): Promise<Seeded> {
  const must = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
    const result = await system.query(query, variables, token);
    if (result.errors?.length || !result.data) throw new Error(`seeding failed: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  };
  const tokens: string[] = [];
  const userIds: string[] = [];
  const handles = Array.from({ length: people }, (_, i) => `bench_${i}`);
  for (const [i, handle] of handles.entries()) {
    const { signUp } = await must<{ signUp: { accessToken: string; user: { id: string } } }>(
      `mutation($h: String!, $e: String!, $p: String!, $n: String!) {
        signUp(input: { handle: $h, email: $e, password: $p, displayName: $n }) { accessToken user { id } } }`,
      { h: handle, e: `${handle}@example.com`, p: password, n: `Bench Person ${i}` },
    );
    tokens.push(signUp.accessToken);
    userIds.push(signUp.user.id);
  }
  // A ring: everyone follows the next few, so every follower count is non-zero.
  for (let i = 0; i < people; i++) {
    for (let k = 1; k <= followsEach; k++) {
      // Social learns of new users from the event log, a moment after sign-up.
      await eventually(() => must(`mutation($id: ID!) { follow(userId: $id) { status } }`, { id: userIds[(i + k) % people] }, tokens[i]));
    }
  }
  // Round-robin, so the newest ten posts have ten different authors to resolve.
  for (let round = 0; round < postRounds; round++) {
    for (let i = 0; i < people; i++) {
      await eventually(() => must(`mutation($b: String!) { createPost(input: { body: $b }) { id } }`, { b: `Post ${round} by ${handles[i]}` }, tokens[i]));
    }
  }
  const { login } = await must<{ login: { accessToken: string } }>(
    `mutation($l: String!, $p: String!) { login(input: { login: $l, password: $p }) { accessToken } }`,
    { l: handles[0], p: password },
  );
  return { userIds, handles, accessToken: login.accessToken };
}
