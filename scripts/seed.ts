// `npm run seed`: fills a running Chorus (npm start) with a few people, follows,
// posts and messages — through the gateway's public mutations, like any client.
// Re-running it reuses the people it created before.
import { RequestHeader, loadConfig } from '@chorus/runtime';

const config = loadConfig();
const gatewayUrl = process.env.CHORUS_GATEWAY_URL || `http://${config.host}:${config.gatewayPort}/graphql`;

interface Result<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function call<T>(query: string, variables: Record<string, unknown>, userId?: string): Promise<Result<T>> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(userId ? { [RequestHeader.userId]: userId } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result<T>;
}

async function must<T>(query: string, variables: Record<string, unknown>, userId?: string): Promise<T> {
  const result = await call<T>(query, variables, userId);
  if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const people = [
  ['ada', 'Ada Lovelace'],
  ['grace', 'Grace Hopper'],
  ['alan', 'Alan Turing'],
  ['edsger', 'Edsger Dijkstra'],
] as const;

async function person(handle: string, displayName: string): Promise<string> {
  const existing = await must<{ userByHandle: { id: string } | null }>(
    `query($h: String!) { userByHandle(handle: $h) { id } }`,
    { h: handle },
  );
  if (existing.userByHandle) return existing.userByHandle.id;
  const created = await must<{ signUp: { id: string } }>(
    `mutation($h: String!, $n: String!) { signUp(input: { handle: $h, displayName: $n }) { id } }`,
    { h: handle, n: displayName },
  );
  return created.signUp.id;
}

async function main(): Promise<void> {
  const ids = new Map<string, string>();
  for (const [handle, name] of people) ids.set(handle, await person(handle, name));
  const id = (handle: string) => ids.get(handle)!;

  for (const [follower, followee] of [
    ['grace', 'ada'], ['alan', 'ada'], ['edsger', 'ada'], ['ada', 'grace'], ['alan', 'grace'], ['ada', 'alan'],
  ] as const) {
    await must(`mutation($id: ID!) { follow(userId: $id) { id } }`, { id: id(followee) }, id(follower));
  }
  for (const [author, body] of [
    ['ada', 'The Analytical Engine weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves.'],
    ['grace', 'The most dangerous phrase in the language is "we have always done it this way".'],
    ['alan', 'We can only see a short distance ahead, but we can see plenty there that needs to be done.'],
  ] as const) {
    await must(`mutation($b: String!) { createPost(input: { body: $b }) { id } }`, { b: body }, id(author));
  }
  await must(
    `mutation($to: ID!) { sendDirectMessage(input: { toUserId: $to, body: "Shall we compile something?", clientMessageId: "seed-1" }) { id } }`,
    { to: id('grace') },
    id('ada'),
  );

  console.log(`Seeded ${gatewayUrl}. Try, as ada (header ${RequestHeader.userId}: ${id('ada')}):`);
  console.log('  { recentPosts(first: 5) { edges { node { body author { handle displayName followerCount } } } } }');
}

main().catch((error: unknown) => {
  console.error(`Seeding ${gatewayUrl} failed (is \`npm start\` running?):`, error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
