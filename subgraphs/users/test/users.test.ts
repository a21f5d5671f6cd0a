import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.ts';
import { errorCodes, startSubgraphHarness, type SubgraphHarness } from '../../../test/support/subgraph-harness.ts';
import { createUsersSubgraph } from '../src/service.ts';

const signUp = /* GraphQL */ `
  mutation SignUp($handle: String!, $displayName: String!) {
    signUp(input: { handle: $handle, displayName: $displayName }) { id handle displayName bio }
  }
`;

describe.each(await databaseKinds())('users subgraph on %s', (kind) => {
  let harness: SubgraphHarness;
  beforeAll(async () => {
    harness = await startSubgraphHarness(kind, createUsersSubgraph);
  });
  afterAll(() => harness?.close());

  async function createUser(handle: string, displayName = handle) {
    const result = await harness.run(signUp, { handle, displayName });
    expect(result.errors).toBeUndefined();
    return (result.data as { signUp: { id: string; handle: string; displayName: string } }).signUp;
  }

  it('signs up a user and finds them by id, by handle and as an entity', async () => {
    const ann = await createUser('Ann_01', 'Ann Example');
    expect(ann).toMatchObject({ handle: 'Ann_01', displayName: 'Ann Example' });

    const byId = await harness.run(`query($id: ID!) { user(id: $id) { handle } }`, { id: ann.id });
    expect(byId.data).toEqual({ user: { handle: 'Ann_01' } });
    const byHandle = await harness.run(`{ userByHandle(handle: "ANN_01") { id } }`);
    expect(byHandle.data).toEqual({ userByHandle: { id: ann.id } });

    const entities = await harness.run(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id handle } } }`,
      { reps: [{ __typename: 'User', id: ann.id }, { __typename: 'User', id: '00000000-0000-4000-8000-000000000000' }] },
    );
    expect(entities.data).toEqual({ _entities: [{ id: ann.id, handle: 'Ann_01' }, null] });
  });

  it('treats handles as one case-insensitively and after NFKC', async () => {
    await createUser('bob_smith');
    expect(errorCodes(await harness.run(signUp, { handle: 'BOB_SMITH', displayName: 'x' }))).toEqual(['CONFLICT']);
    // Full-width letters fold to ASCII under NFKC, so this is the same handle too.
    expect(errorCodes(await harness.run(signUp, { handle: 'ｂｏｂ_ｓｍｉｔｈ', displayName: 'x' }))).toEqual(['CONFLICT']);
  });

  it('refuses look-alike handles from other scripts and handles of the wrong size', async () => {
    // "аnn" starts with CYRILLIC SMALL LETTER A.
    for (const handle of ['\u0430nn', 'ab', 'x'.repeat(31), 'a'.repeat(10_000), 'has space', 'semi;colon']) {
      expect(errorCodes(await harness.run(signUp, { handle, displayName: 'x' }))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('stores SQL and script text verbatim and returns it unchanged', async () => {
    const hostile = `Robert'); DROP TABLE users."user";-- <script>alert(1)</script>`;
    const user = await createUser('bobby_tables', hostile.slice(0, 64));
    expect(user.displayName).toBe(hostile.slice(0, 64));
    const bio = `'; DELETE FROM users."user" WHERE '1'='1 <img src=x onerror=alert(1)>`;
    const updated = await harness.run(`mutation($bio: String!) { updateProfile(input: { bio: $bio }) { bio } }`, { bio }, user.id);
    expect(updated.data).toEqual({ updateProfile: { bio } });
    expect(await harness.db.user.count()).toBeGreaterThan(1);
  });

  it('enforces text limits and sign-in on profile edits', async () => {
    const user = await createUser('limits_user');
    const tooLong = await harness.run(`mutation { updateProfile(input: { bio: "${'b'.repeat(281)}" }) { bio } }`, {}, user.id);
    expect(errorCodes(tooLong)).toEqual(['BAD_USER_INPUT']);
    const anonymous = await harness.run(`mutation { updateProfile(input: { bio: "hi" }) { bio } }`);
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const badAvatar = await harness.run(`mutation { updateProfile(input: { avatarId: "not-an-id" }) { id } }`, {}, user.id);
    expect(errorCodes(badAvatar)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(signUp, { handle: 'empty_name', displayName: '   ' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('lets exactly one of many concurrent sign-ups for a handle win', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => harness.run(signUp, { handle: i % 2 ? 'RACE_handle' : 'race_handle', displayName: `r${i}` })),
    );
    expect(attempts.filter((result) => result.errors === undefined)).toHaveLength(1);
    expect(attempts.flatMap(errorCodes)).toEqual(Array(7).fill('CONFLICT'));
    expect(await harness.db.user.count({ where: { handleKey: 'race_handle' } })).toBe(1);
  });

  it('answers me for the caller and null anonymously', async () => {
    const user = await createUser('me_user');
    expect((await harness.run(`{ me { id } }`, {}, user.id)).data).toEqual({ me: { id: user.id } });
    expect((await harness.run(`{ me { id } }`)).data).toEqual({ me: null });
  });
});
