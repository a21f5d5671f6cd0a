// `npm run seed`: fills a running Chorus (npm start) with a few people, follows,
// posts and messages — through the gateway's public mutations, like any client.
// Re-running it logs the same people in again and adds the posts once more.
import { loadConfig } from '@chorus/runtime';

const config = loadConfig();
const gatewayUrl = process.env.CHORUS_GATEWAY_URL || `http://${config.host}:${config.gatewayPort}/graphql`;

interface Result<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function call<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<Result<T>> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result<T>;
}

async function must<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const result = await call<T>(query, variables, token);
  if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const people = [
  ['ada', 'Ada Lovelace'],
  ['grace', 'Grace Hopper'],
  ['alan', 'Alan Turing'],
  ['edsger', 'Edsger Dijkstra'],
] as const;

/** Every seeded person's password; this is demo data. */
const seedPassword = 'correct horse battery staple';

const session = /* GraphQL */ `accessToken refreshToken user { id }`;

/** Signs the person up, or logs them in if an earlier run did; returns an access token. */
async function person(handle: string, displayName: string): Promise<string> {
  const email = `${handle}@example.com`;
  const created = await call<{ signUp: { accessToken: string } }>(
    `mutation($h: String!, $e: String!, $p: String!, $n: String!) {
      signUp(input: { handle: $h, email: $e, password: $p, displayName: $n }) { ${session} } }`,
    { h: handle, e: email, p: seedPassword, n: displayName },
  );
  if (created.data) return created.data.signUp.accessToken;
  if (created.errors?.[0]?.extensions?.code !== 'CONFLICT') throw new Error(JSON.stringify(created.errors));
  const loggedIn = await must<{ login: { accessToken: string } }>(
    `mutation($l: String!, $p: String!) { login(input: { login: $l, password: $p }) { ${session} } }`,
    { l: handle, p: seedPassword },
  );
  return loggedIn.login.accessToken;
}

async function idOf(handle: string): Promise<string> {
  const found = await must<{ userByHandle: { id: string } }>(`query($h: String!) { userByHandle(handle: $h) { id } }`, { h: handle });
  return found.userByHandle.id;
}

async function main(): Promise<void> {
  const tokens = new Map<string, string>();
  const ids = new Map<string, string>();
  for (const [handle, name] of people) {
    tokens.set(handle, await person(handle, name));
    ids.set(handle, await idOf(handle));
  }
  const id = (handle: string) => ids.get(handle)!;
  const as = (handle: string) => tokens.get(handle)!;

  for (const [follower, followee] of [
    ['grace', 'ada'], ['alan', 'ada'], ['edsger', 'ada'], ['ada', 'grace'], ['alan', 'grace'], ['ada', 'alan'],
  ] as const) {
    await must(`mutation($id: ID!) { follow(userId: $id) { status } }`, { id: id(followee) }, as(follower));
  }
  for (const [author, body] of [
    ['ada', 'The Analytical Engine weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves.'],
    ['grace', 'The most dangerous phrase in the language is "we have always done it this way".'],
    ['alan', 'We can only see a short distance ahead, but we can see plenty there that needs to be done.'],
  ] as const) {
    await must(`mutation($b: String!) { createPost(input: { body: $b }) { id } }`, { b: body }, as(author));
  }
  await must(
    `mutation($to: ID!) { sendDirectMessage(input: { toUserId: $to, body: "Shall we compile something?", clientMessageId: "seed-1" }) { id } }`,
    { to: id('grace') },
    as('ada'),
  );

  console.log(`Seeded ${gatewayUrl}. Every seeded person's password is "${seedPassword}".`);
  console.log('Log in with: mutation { login(input: { login: "ada", password: "..." }) { accessToken } }');
}

main().catch((error: unknown) => {
  console.error(`Seeding ${gatewayUrl} failed (is \`npm start\` running?):`, error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
