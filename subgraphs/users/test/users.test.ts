import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAccessToken } from '@chorus/runtime';
import { databaseKinds } from '../../../test/support/databases.ts';
import { announceBlock, errorCodes, startSubgraphHarness, type SubgraphHarness } from '../../../test/support/subgraph-harness.ts';
import { createUsersSubgraph } from '../src/service.ts';

const signUp = /* GraphQL */ `
  mutation SignUp($handle: String!, $email: String!, $password: String!, $displayName: String!) {
    signUp(input: { handle: $handle, email: $email, password: $password, displayName: $displayName }) {
      accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt
      user { id handle displayName bio isPrivate }
    }
  }
`;
const login = `mutation($login: String!, $password: String!) { login(input: { login: $login, password: $password }) { accessToken refreshToken user { id } } }`;
const refresh = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken user { id } } }`;

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; handle: string; displayName: string };
}

const password = 'correct horse battery staple';

describe.each(await databaseKinds())('users subgraph on %s', (kind) => {
  let harness: SubgraphHarness;
  beforeAll(async () => {
    // Failed-login delays are real but short here, so the throttling test runs in seconds.
    harness = await startSubgraphHarness(kind, createUsersSubgraph, { CHORUS_LOGIN_BASE_DELAY_MS: '1' });
  });
  afterAll(() => harness?.close());

  function signUpVars(handle: string, overrides: Record<string, string> = {}) {
    return { handle, email: `${handle.toLowerCase()}@example.com`, password, displayName: handle, ...overrides };
  }

  async function createUser(handle: string, overrides: Record<string, string> = {}): Promise<Session> {
    const result = await harness.run(signUp, signUpVars(handle, overrides));
    expect(result.errors).toBeUndefined();
    return (result.data as { signUp: Session }).signUp;
  }

  /** What the gateway would forward for a caller holding this access token. */
  async function viewerOf(session: Session) {
    const claims = await verifyAccessToken(session.accessToken, harness.config.secrets.jwtSecret);
    return { userId: claims.userId, sessionId: claims.sessionId, clientIp: '10.0.0.1' };
  }

  it('signs up, returning a session whose access token names the user', async () => {
    const ann = await createUser('Ann_01', { displayName: 'Ann Example' });
    expect(ann.user).toMatchObject({ handle: 'Ann_01', displayName: 'Ann Example' });
    expect((await viewerOf(ann)).userId).toBe(ann.user.id);
    const stored = await harness.db.user.findUniqueOrThrow({ where: { id: ann.user.id } });
    expect(stored.passwordHash).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(stored.passwordHash).not.toContain(password);

    const entities = await harness.run(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id handle } } }`,
      { reps: [{ __typename: 'User', id: ann.user.id }, { __typename: 'User', id: '00000000-0000-4000-8000-000000000000' }] },
    );
    expect(entities.data).toEqual({ _entities: [{ id: ann.user.id, handle: 'Ann_01' }, null] });
    const byHandle = await harness.run(`{ userByHandle(handle: "ANN_01") { id } }`);
    expect(byHandle.data).toEqual({ userByHandle: { id: ann.user.id } });
  });

  it('logs in by handle or email, and refuses a wrong password the same way as an unknown login', async () => {
    const bea = await createUser('bea');
    for (const name of ['bea', 'BEA', 'Bea@Example.com']) {
      const result = await harness.run(login, { login: name, password });
      expect(result.errors, name).toBeUndefined();
      expect((result.data as { login: Session }).login.user.id).toBe(bea.user.id);
    }
    const wrong = await harness.run(login, { login: 'bea', password: 'not the password' });
    const unknown = await harness.run(login, { login: 'nobody_here', password: 'not the password' });
    expect(errorCodes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(errorCodes(unknown)).toEqual(['UNAUTHENTICATED']);
  });

  it('rotates refresh tokens and ends the whole session when an old one is reused', async () => {
    const cat = await createUser('cat');
    const first = await harness.run(refresh, { t: cat.refreshToken });
    expect(first.errors).toBeUndefined();
    const rotated = (first.data as { refreshSession: Session }).refreshSession;
    expect(rotated.refreshToken).not.toBe(cat.refreshToken);
    expect((await viewerOf(rotated)).sessionId).toBe((await viewerOf(cat)).sessionId);

    // The original token is presented again: a thief (or the victim after a theft).
    const replay = await harness.run(refresh, { t: cat.refreshToken });
    expect(errorCodes(replay)).toEqual(['UNAUTHENTICATED']);
    expect(replay.errors?.[0]?.extensions?.reason).toBe('REFRESH_TOKEN_REUSED');
    // ...which revoked the family, so the legitimately rotated token is dead too.
    expect(errorCodes(await harness.run(refresh, { t: rotated.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    // A separate login is a separate family and still works.
    expect((await harness.run(login, { login: 'cat', password })).errors).toBeUndefined();
  });

  it('refuses forged, malformed and foreign refresh tokens', async () => {
    const dan = await createUser('dan');
    const [id] = dan.refreshToken.split('.');
    for (const token of [`${id}.forged-secret`, 'garbage', `${id}`, `${id}.a.b`, 'x'.repeat(10_000), `'; DROP TABLE users.session;--.x`]) {
      expect(errorCodes(await harness.run(refresh, { t: token })), token.slice(0, 20)).toEqual(['UNAUTHENTICATED']);
    }
    // Forgeries must not have revoked the real token.
    expect((await harness.run(refresh, { t: dan.refreshToken })).errors).toBeUndefined();
  });

  it('logs out: the session family can no longer be refreshed', async () => {
    const eve = await createUser('eve');
    const out = await harness.run(`mutation { logout }`, {}, await viewerOf(eve));
    expect(out.data).toEqual({ logout: true });
    expect(errorCodes(await harness.run(refresh, { t: eve.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await harness.run(`mutation { logout }`))).toEqual(['UNAUTHENTICATED']);
  });

  it('shows the email to its owner only', async () => {
    const fay = await createUser('fay');
    const gus = await createUser('gus');
    const query = `query($id: ID!) { user(id: $id) { email } }`;
    expect((await harness.run(query, { id: fay.user.id }, fay.user.id)).data).toEqual({ user: { email: 'fay@example.com' } });
    expect(errorCodes(await harness.run(query, { id: fay.user.id }, gus.user.id))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await harness.run(query, { id: fay.user.id }))).toEqual(['UNAUTHENTICATED']);
  });

  it('treats handles and emails as one case-insensitively and after NFKC', async () => {
    await createUser('bob_smith');
    const again = (handle: string, email = `${handle}-2@example.com`) => harness.run(signUp, signUpVars(handle, { email }));
    expect(errorCodes(await again('BOB_SMITH'))).toEqual(['CONFLICT']);
    // Full-width letters fold to ASCII under NFKC, so this is the same handle too.
    expect(errorCodes(await again('ｂｏｂ_ｓｍｉｔｈ', 'fw@example.com'))).toEqual(['CONFLICT']);
    const email = await harness.run(signUp, signUpVars('other_bob', { email: 'BOB_SMITH@EXAMPLE.COM' }));
    expect(errorCodes(email)).toEqual(['CONFLICT']);
    expect(email.errors?.[0]?.extensions?.field).toBe('email');
  });

  it('refuses look-alike handles from other scripts, bad sizes, bad emails and weak passwords', async () => {
    // "аnn" starts with CYRILLIC SMALL LETTER A.
    for (const handle of ['\u0430nn', 'ab', 'x'.repeat(31), 'a'.repeat(10_000), 'has space', 'semi;colon']) {
      expect(errorCodes(await harness.run(signUp, signUpVars(handle, { email: 'ok@example.com' }))), handle.slice(0, 12)).toEqual([
        'BAD_USER_INPUT',
      ]);
    }
    for (const email of ['no-at-sign', 'a@b', `${'e'.repeat(250)}@example.com`, 'sp ace@example.com']) {
      expect(errorCodes(await harness.run(signUp, signUpVars('valid_handle', { email })))).toEqual(['BAD_USER_INPUT']);
    }
    for (const weak of ['short', 'p'.repeat(257)]) {
      expect(errorCodes(await harness.run(signUp, signUpVars('valid_handle', { password: weak })))).toEqual(['BAD_USER_INPUT']);
    }
    expect(await harness.db.user.count({ where: { handleKey: 'valid_handle' } })).toBe(0);
  });

  it('stores SQL and script text verbatim in every text field and returns it unchanged', async () => {
    const hostile = `Robert'); DROP TABLE users."user";-- <script>alert(1)</script>`;
    const user = await createUser('bobby_tables', { displayName: hostile.slice(0, 64), password: hostile });
    expect(user.user.displayName).toBe(hostile.slice(0, 64));
    const bio = `'; DELETE FROM users."user" WHERE '1'='1 <img src=x onerror=alert(1)>`;
    const updated = await harness.run(
      `mutation($bio: String!, $name: String!) { updateProfile(input: { bio: $bio, displayName: $name }) { bio displayName } }`,
      { bio, name: `<svg onload=alert(1)>'--` },
      user.user.id,
    );
    expect(updated.data).toEqual({ updateProfile: { bio, displayName: `<svg onload=alert(1)>'--` } });
    expect((await harness.run(login, { login: 'bobby_tables', password: hostile })).errors).toBeUndefined();
    expect(await harness.db.user.count()).toBeGreaterThan(1);
  });

  it('enforces text limits and sign-in on profile edits', async () => {
    const user = await createUser('limits_user');
    const tooLong = await harness.run(`mutation { updateProfile(input: { bio: "${'b'.repeat(281)}" }) { bio } }`, {}, user.user.id);
    expect(errorCodes(tooLong)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(`mutation { updateProfile(input: { bio: "hi" }) { bio } }`))).toEqual(['UNAUTHENTICATED']);
    const badAvatar = await harness.run(`mutation { updateProfile(input: { avatarId: "not-an-id" }) { id } }`, {}, user.user.id);
    expect(errorCodes(badAvatar)).toEqual(['BAD_USER_INPUT']);
    const privately = await harness.run(`mutation { updateProfile(input: { isPrivate: true }) { isPrivate } }`, {}, user.user.id);
    expect(privately.data).toEqual({ updateProfile: { isPrivate: true } });
    expect(errorCodes(await harness.run(signUp, signUpVars('empty_name', { displayName: '   ' })))).toEqual(['BAD_USER_INPUT']);
  });

  it('lets exactly one of many concurrent sign-ups for a handle win', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        harness.run(signUp, signUpVars(i % 2 ? 'RACE_handle' : 'race_handle', { email: `race${i}@example.com` })),
      ),
    );
    expect(attempts.filter((result) => result.errors === undefined)).toHaveLength(1);
    expect(attempts.flatMap(errorCodes)).toEqual(Array(5).fill('CONFLICT'));
    expect(await harness.db.user.count({ where: { handleKey: 'race_handle' } })).toBe(1);
  });

  it('answers me for the caller and null anonymously', async () => {
    const user = await createUser('me_user');
    expect((await harness.run(`{ me { id } }`, {}, user.user.id)).data).toEqual({ me: { id: user.user.id } });
    expect((await harness.run(`{ me { id } }`)).data).toEqual({ me: null });
  });

  it('slows down and then refuses repeated failed logins, whether or not the account exists', async () => {
    await createUser('target');
    const attempt = (name: string) => harness.run(login, { login: name, password: 'wrong password!' });
    const codes: unknown[] = [];
    for (let i = 0; i < 11; i++) codes.push(...errorCodes(await attempt('target')));
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    expect(codes[10]).toBe('RATE_LIMITED');
    // The right password does not get through a blocked account either.
    expect(errorCodes(await harness.run(login, { login: 'target', password }))).toEqual(['RATE_LIMITED']);
    const ghost: unknown[] = [];
    for (let i = 0; i < 11; i++) ghost.push(...errorCodes(await attempt('ghost_account')));
    expect(ghost).toEqual(codes);
    const throttled = await harness.db.loginThrottle.findUniqueOrThrow({ where: { key: 'account:target' } });
    expect(throttled.blockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it('deletes an account: erases personal data, ends sessions and announces it to other subgraphs', async () => {
    const gone = await createUser('leaving_user');
    const wrong = await harness.run(`mutation { deleteAccount(password: "not it at all") }`, {}, gone.user.id);
    expect(errorCodes(wrong)).toEqual(['FORBIDDEN']);
    const deleted = await harness.run(`mutation($p: String!) { deleteAccount(password: $p) }`, { p: password }, gone.user.id);
    expect(deleted.data).toEqual({ deleteAccount: true });

    const row = await harness.db.user.findUniqueOrThrow({ where: { id: gone.user.id } });
    expect(row).toMatchObject({ email: null, emailKey: null, passwordHash: null, displayName: '', bio: '' });
    expect(row.deletedAt).not.toBeNull();
    expect((await harness.run(`query($id: ID!) { user(id: $id) { id } }`, { id: gone.user.id })).data).toEqual({ user: null });
    expect(errorCodes(await harness.run(refresh, { t: gone.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await harness.run(login, { login: 'leaving_user', password }))).toEqual(['UNAUTHENTICATED']);
    // The handle stays reserved so nobody can pose as the person who left.
    expect(errorCodes(await harness.run(signUp, signUpVars('leaving_user', { email: 'new@example.com' })))).toEqual(['CONFLICT']);
    const events = await harness.db.event.findMany({ where: { type: 'user.deleted' } });
    expect(events.map((event) => event.payload)).toContainEqual({ userId: gone.user.id });
  });

  it('hides users who block each other from each other\'s lookups', async () => {
    const ivy = await createUser('ivy');
    const jon = await createUser('jon');
    await announceBlock(harness, ivy.user.id, jon.user.id);
    expect((await harness.run(`query($id: ID!) { user(id: $id) { id } }`, { id: ivy.user.id }, jon.user.id)).data).toEqual({ user: null });
    expect((await harness.run(`{ userByHandle(handle: "jon") { id } }`, {}, ivy.user.id)).data).toEqual({ userByHandle: null });
    expect((await harness.run(`{ userByHandle(handle: "jon") { id } }`)).data).toEqual({ userByHandle: { id: jon.user.id } });
  });
});
