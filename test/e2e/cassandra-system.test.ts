import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { testKeyspace } from '../support/cassandra.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import cassandra from 'cassandra-driver';

const contactPoint = inject('cassandra');
const redisUrl = process.env.CHORUS_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

// The production shape: timelines in Cassandra, background jobs in Redis, through the real gateway.
describe.skipIf(contactPoint === null)('home timelines through the gateway on Cassandra and Redis', () => {
  let system: TestSystem;
  const keyspace = testKeyspace();
  const redisPrefix = `chorus:test:${randomUUID()}:`;
  beforeAll(async () => {
    system = await startTestSystem({
      CHORUS_CASSANDRA: contactPoint!,
      CHORUS_CASSANDRA_KEYSPACE: keyspace,
      CHORUS_REDIS_URL: redisUrl,
      CHORUS_REDIS_PREFIX: redisPrefix,
      CHORUS_TIMELINE_CELEBRITY_FOLLOWERS: '2',
    });
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    const client = new cassandra.Client({ contactPoints: [contactPoint!], localDataCenter: 'datacenter1' });
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
    await client.shutdown();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  async function join(handle: string) {
    const result = await system.query(
      `mutation($h: String!, $e: String!) { signUp(input: { handle: $h, email: $e, displayName: $h, password: "correct horse battery" }) { accessToken user { id } } }`,
      { h: handle, e: `${handle}@example.com` },
    );
    return (result.data as { signUp: { accessToken: string; user: { id: string } } }).signUp;
  }

  it('publishes, fans out, pulls a celebrity, pages, counts and deletes', async () => {
    const [reader, friend, star, fan] = [await join('reader'), await join('friend'), await join('star'), await join('fan')];
    const follow = (who: { accessToken: string }, whom: { user: { id: string } }) =>
      system.query(`mutation($id: ID!) { follow(userId: $id) { status } }`, { id: whom.user.id }, who.accessToken);
    const home = (who: { accessToken: string }) =>
      system.query(`{ homeTimeline(first: 10) { edges { node { id body author { handle } } } } newPostsCount }`, {}, who.accessToken);
    await home(reader); // reading makes the reader active, so they get pushes
    await follow(reader, friend);
    await follow(reader, star);
    await follow(fan, star); // two followers: star is a "celebrity" here, pulled, never pushed
    await system.query(`mutation { markTimelineRead }`, {}, reader.accessToken);

    const posted = await system.query(`mutation { createPost(input: { body: "friend's news" }) { id } }`, {}, friend.accessToken);
    await system.query(`mutation { createPost(input: { body: "star's news" }) { id } }`, {}, star.accessToken);
    await eventually(async () => {
      const result = await home(reader);
      expect(result.errors).toBeUndefined();
      expect((result.data as any).homeTimeline.edges.map((edge: any) => `${edge.node.author.handle}: ${edge.node.body}`)).toEqual([
        "star: star's news",
        "friend: friend's news",
      ]);
    });
    expect(((await home(reader)).data as any).newPostsCount).toBe(2);

    // Persisted queries live in Redis here: registered once, then found by hash in Redis.
    const { createHash } = await import('node:crypto');
    const query = '{ recentPosts(first: 1) { edges { cursor } } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const apq = (body: unknown) =>
      fetch(system.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    expect((await apq({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } })).errors).toBeUndefined();
    const redis = new Redis(redisUrl);
    expect(await redis.exists(`${redisPrefix}apq:apq:${sha256Hash}`)).toBe(1);
    redis.disconnect();
    expect((await apq({ extensions: { persistedQuery: { version: 1, sha256Hash } } })).data.recentPosts.edges).toHaveLength(1);

    const id = (posted.data as { createPost: { id: string } }).createPost.id;
    await system.query(`mutation($id: ID!) { deletePost(id: $id) }`, { id }, friend.accessToken);
    const after = await home(reader);
    expect((after.data as any).homeTimeline.edges.map((edge: any) => edge.node.body)).toEqual(["star's news"]);
  });
});
