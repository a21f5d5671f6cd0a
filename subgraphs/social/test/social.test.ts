import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.ts';
import { userIds } from '../../../test/support/ids.ts';
import {
  announceUserDeleted,
  errorCodes,
  startSubgraphHarness,
  type SubgraphHarness,
} from '../../../test/support/subgraph-harness.ts';
import { createSocialSubgraph } from '../src/service.ts';

const follow = `mutation($id: ID!) { follow(userId: $id) { id followerCount followedByMe } }`;
const unfollow = `mutation($id: ID!) { unfollow(userId: $id) { id followerCount followedByMe } }`;
const followers = /* GraphQL */ `
  query($reps: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $reps) {
      ... on User { followerCount followingCount followers(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }
    }
  }
`;

interface FollowersPage {
  followerCount: number;
  followingCount: number;
  followers: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe.each(await databaseKinds())('social subgraph on %s', (kind) => {
  let harness: SubgraphHarness;
  beforeAll(async () => {
    harness = await startSubgraphHarness(kind, createSocialSubgraph);
  });
  afterAll(() => harness?.close());

  async function page(userId: string, first: number, after?: string | null) {
    const result = await harness.run(followers, { reps: [{ __typename: 'User', id: userId }], first, after });
    expect(result.errors).toBeUndefined();
    return (result.data as { _entities: FollowersPage[] })._entities[0]!;
  }

  it('follows idempotently and keeps counts in step with the lists', async () => {
    const [star, fan] = userIds(2) as [string, string];
    const first = await harness.run(follow, { id: star }, fan);
    expect(first.data).toEqual({ follow: { id: star, followerCount: 1, followedByMe: true } });
    const again = await harness.run(follow, { id: star }, fan);
    expect(again.data).toEqual({ follow: { id: star, followerCount: 1, followedByMe: true } });
    expect((await page(fan, 10)).followingCount).toBe(1);

    expect((await harness.run(unfollow, { id: star }, fan)).data).toEqual({
      unfollow: { id: star, followerCount: 0, followedByMe: false },
    });
    expect((await harness.run(unfollow, { id: star }, fan)).errors).toBeUndefined();
  });

  it('pages followers newest first with opaque cursors, with no repeats or gaps', async () => {
    const [star, ...fans] = userIds(7) as [string, ...string[]];
    for (const fan of fans) await harness.run(follow, { id: star }, fan);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const current: FollowersPage = await page(star, 3, after);
      seen.push(...current.followers.edges.map((edge) => edge.node.id));
      if (!current.followers.pageInfo.hasNextPage) break;
      after = current.followers.pageInfo.endCursor;
    }
    // Follows made in the same millisecond tie on time and are ordered by id.
    const expected = await harness.db.follow.findMany({
      where: { followeeId: star },
      orderBy: [{ createdAt: 'desc' }, { followerId: 'desc' }],
    });
    expect(seen).toEqual(expected.map((row) => row.followerId));
    expect(new Set(seen)).toEqual(new Set(fans));
    expect((await page(star, 1)).followerCount).toBe(6);
  });

  it('rejects tampered cursors, cursors of another list and oversized pages', async () => {
    const [a, b, c] = userIds(3) as [string, string, string];
    await harness.run(follow, { id: a }, b);
    await harness.run(follow, { id: a }, c);
    const cursor = (await page(a, 1)).followers.pageInfo.endCursor!;
    const run = (userId: string, first: number, after: string) =>
      harness.run(followers, { reps: [{ __typename: 'User', id: userId }], first, after });
    expect(errorCodes(await run(b, 1, cursor))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await run(a, 1, `${cursor.slice(0, -2)}xx`))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await run(a, 1, 'not a cursor!'))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(followers, { reps: [{ __typename: 'User', id: a }], first: 1_000_000 }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('refuses to follow yourself, a malformed id, or without signing in', async () => {
    const [me] = userIds(1) as [string];
    expect(errorCodes(await harness.run(follow, { id: me }, me))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(follow, { id: "1' OR '1'='1" }, me))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(follow, { id: me }))).toEqual(['UNAUTHENTICATED']);
  });

  it('keeps counts exact under concurrent follows and unfollows', async () => {
    const [star, ...fans] = userIds(21) as [string, ...string[]];
    await Promise.all(fans.map((fan) => harness.run(follow, { id: star }, fan)));
    await Promise.all(fans.slice(0, 5).map((fan) => harness.run(unfollow, { id: star }, fan)));
    const current = await page(star, 100);
    expect(current.followerCount).toBe(15);
    expect(current.followers.edges).toHaveLength(15);
  });

  it('drops every follow of a deleted user, in both directions, exactly once', async () => {
    const [gone, fan, idol] = userIds(3) as [string, string, string];
    await harness.run(follow, { id: gone }, fan);
    await harness.run(follow, { id: idol }, gone);
    await announceUserDeleted(harness, gone);
    expect(await harness.drainEvents()).toBeGreaterThan(0);
    expect(await harness.drainEvents()).toBe(0);
    expect((await page(fan, 10)).followingCount).toBe(0);
    expect((await page(idol, 10)).followerCount).toBe(0);
  });
});
