import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvent } from '@chorus/runtime';
import { databaseKinds } from '../../../test/support/databases.ts';
import { userIds } from '../../../test/support/ids.ts';
import {
  announceUserDeleted,
  errorCodes,
  startSubgraphHarness,
  type GraphQLResult,
  type SubgraphHarness,
} from '../../../test/support/subgraph-harness.ts';
import { followBucket } from '../src/follow-rate.ts';
import { createSocialSubgraph } from '../src/service.ts';

const follow = `mutation($id: ID!) { follow(userId: $id) { status user { id followerCount relationship { following } } } }`;
const unfollow = `mutation($id: ID!) { unfollow(userId: $id) { id followerCount } }`;
const lists = /* GraphQL */ `
  query($reps: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $reps) {
      ... on User {
        followerCount followingCount friendCount friendListVersion
        followers(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } }
        friends(first: $first) { edges { node { id } } }
      }
    }
  }
`;

interface Lists {
  followerCount: number;
  followingCount: number;
  friendCount: number;
  friendListVersion: string;
  followers: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  friends: { edges: { node: { id: string } }[] };
}

describe.each(await databaseKinds())('social subgraph on %s', (kind) => {
  let harness: SubgraphHarness;
  beforeAll(async () => {
    harness = await startSubgraphHarness(kind, createSocialSubgraph);
  });
  afterAll(() => harness?.close());

  async function listsOf(userId: string, viewer: string | null = userId, first = 20, after?: string | null): Promise<Lists> {
    const result = await harness.run(lists, { reps: [{ __typename: 'User', id: userId }], first, after }, viewer);
    expect(result.errors).toBeUndefined();
    return (result.data as { _entities: Lists[] })._entities[0]!;
  }
  const run = (query: string, id: string, viewer: string) => harness.run(query, { id }, viewer);
  const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((edge) => edge.node.id);

  async function announce(type: 'user.created' | 'user.privacy_changed', userId: string, isPrivate: boolean) {
    await harness.db.$transaction((tx) => publishEvent(tx, type, { userId, isPrivate }));
    await harness.drainEvents();
  }

  it('follows idempotently and keeps counts in step with the lists', async () => {
    const [star, fan] = userIds(2) as [string, string];
    const first = await run(follow, star, fan);
    expect(first.data).toEqual({ follow: { status: 'FOLLOWING', user: { id: star, followerCount: 1, relationship: { following: true } } } });
    expect((await run(follow, star, fan)).data).toEqual(first.data);
    expect((await listsOf(fan)).followingCount).toBe(1);
    expect((await run(unfollow, star, fan)).data).toEqual({ unfollow: { id: star, followerCount: 0 } });
    expect((await run(unfollow, star, fan)).errors).toBeUndefined();
  });

  it('makes friends of mutual follows and moves the friend-list version exactly when friends change', async () => {
    const [ann, bob, cid] = userIds(3) as [string, string, string];
    const v0 = (await listsOf(ann)).friendListVersion;
    await run(follow, bob, ann);
    expect((await listsOf(ann)).friendListVersion).toBe(v0); // a one-way follow is no friendship
    await run(follow, ann, bob);
    const afterFriends = await listsOf(ann);
    expect(afterFriends.friendCount).toBe(1);
    expect(ids(afterFriends.friends)).toEqual([bob]);
    expect(afterFriends.friendListVersion).not.toBe(v0);
    await run(follow, ann, cid); // cid's follower, not ann's friend
    expect((await listsOf(ann)).friendListVersion).toBe(afterFriends.friendListVersion);

    const check = `query($u: ID!, $v: String!) { friendListChanged(userId: $u, since: $v) { changed version } }`;
    expect((await harness.run(check, { u: ann, v: afterFriends.friendListVersion }, cid)).data).toEqual({
      friendListChanged: { changed: false, version: afterFriends.friendListVersion },
    });
    await run(unfollow, ann, bob);
    const changed = await harness.run(check, { u: ann, v: afterFriends.friendListVersion }, cid);
    expect((changed.data as any).friendListChanged.changed).toBe(true);
    expect((await listsOf(ann)).friendCount).toBe(0);
  });

  it('pages followers newest first with opaque cursors, with no repeats or gaps', async () => {
    const [star, ...fans] = userIds(7) as [string, ...string[]];
    for (const fan of fans) await run(follow, star, fan);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const current: Lists = await listsOf(star, star, 3, after);
      seen.push(...ids(current.followers));
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
  });

  it('rejects tampered cursors, cursors of another list and oversized pages', async () => {
    const [a, b, c] = userIds(3) as [string, string, string];
    await run(follow, a, b);
    await run(follow, a, c);
    const cursor = (await listsOf(a, a, 1)).followers.pageInfo.endCursor!;
    const page = (userId: string, first: number, after?: string) =>
      harness.run(lists, { reps: [{ __typename: 'User', id: userId }], first, after }, userId);
    expect(errorCodes(await page(b, 1, cursor))).toContain('BAD_USER_INPUT');
    expect(errorCodes(await page(a, 1, `${cursor.slice(0, -2)}xx`))).toContain('BAD_USER_INPUT');
    expect(errorCodes(await page(a, 1, 'not a cursor!'))).toContain('BAD_USER_INPUT');
    expect(errorCodes(await page(a, 1_000_000))).toContain('BAD_USER_INPUT');
    const requestsCursor = await harness.run(`query($after: String) { followRequests(after: $after) { edges { cursor } } }`, { after: cursor }, a);
    expect(errorCodes(requestsCursor)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses to follow yourself, a malformed id, or without signing in', async () => {
    const [me] = userIds(1) as [string];
    expect(errorCodes(await run(follow, me, me))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await run(follow, "1' OR '1'='1", me))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(follow, { id: me }))).toEqual(['UNAUTHENTICATED']);
  });

  it('keeps counts exact under concurrent follows and unfollows', async () => {
    const [star, ...fans] = userIds(21) as [string, ...string[]];
    await Promise.all(fans.map((fan) => run(follow, star, fan)));
    await Promise.all(fans.slice(0, 5).map((fan) => run(unfollow, star, fan)));
    // Half of the rest become friends, concurrently from both sides.
    await Promise.all(fans.slice(5, 13).map((fan) => run(follow, fan, star)));
    const current = await listsOf(star, star, 100);
    expect(current.followerCount).toBe(15);
    expect(current.followers.edges).toHaveLength(15);
    expect(current.friendCount).toBe(8);
    expect(current.friends.edges).toHaveLength(8);
    expect(current.friendListVersion).toBe('v8');
  });

  it('asks a private account for approval, which it can grant or decline', async () => {
    const [privateUser, asker, other] = userIds(3) as [string, string, string];
    await announce('user.created', privateUser, true);
    expect((await run(follow, privateUser, asker)).data).toMatchObject({ follow: { status: 'REQUESTED' } });
    expect((await run(follow, privateUser, other)).data).toMatchObject({ follow: { status: 'REQUESTED' } });
    // Until approved, the private account's lists are closed to them.
    expect(errorCodes(await harness.run(lists, { reps: [{ __typename: 'User', id: privateUser }] }, asker))).toContain('FORBIDDEN');
    const requests = await harness.run(`{ followRequests { edges { node { id } } } }`, {}, privateUser);
    expect(new Set(ids((requests.data as any).followRequests))).toEqual(new Set([asker, other]));

    expect((await run(`mutation($id: ID!) { approveFollowRequest(userId: $id) }`, asker, privateUser)).data).toEqual({
      approveFollowRequest: true,
    });
    expect((await run(`mutation($id: ID!) { declineFollowRequest(userId: $id) }`, other, privateUser)).data).toEqual({
      declineFollowRequest: true,
    });
    expect((await run(`mutation($id: ID!) { approveFollowRequest(userId: $id) }`, other, privateUser)).data).toEqual({
      approveFollowRequest: false,
    });
    expect(ids((await listsOf(privateUser, asker)).followers)).toEqual([asker]);

    const [again] = userIds(1) as [string];
    await run(follow, privateUser, again);
    expect((await run(`mutation($id: ID!) { cancelFollowRequest(userId: $id) }`, privateUser, again)).data).toEqual({
      cancelFollowRequest: true,
    });
    // Going public lets everyone still waiting in.
    const [waiting] = userIds(1) as [string];
    await run(follow, privateUser, waiting);
    await announce('user.privacy_changed', privateUser, false);
    expect(new Set(ids((await listsOf(privateUser)).followers))).toEqual(new Set([asker, waiting]));
  });

  it('blocks: removes follows both ways, refuses new ones, and hides each from the other', async () => {
    const [ann, bob, cid] = userIds(3) as [string, string, string];
    await run(follow, bob, ann);
    await run(follow, ann, bob);
    await run(follow, cid, ann);
    await run(follow, cid, bob);
    const blocked = await run(`mutation($id: ID!) { block(userId: $id) { id relationship { blocking following } } }`, bob, ann);
    expect(blocked.data).toEqual({ block: { id: bob, relationship: { blocking: true, following: false } } });
    expect((await listsOf(ann)).friendCount).toBe(0);
    expect(await harness.db.follow.count({ where: { OR: [{ followerId: ann, followeeId: bob }, { followerId: bob, followeeId: ann }] } })).toBe(0);
    // Neither can follow the other now: the blocked one, nor the blocker without unblocking.
    expect(errorCodes(await run(follow, ann, bob))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await run(follow, bob, ann))).toEqual(['FORBIDDEN']);
    // Each is hidden from the other: lists closed, and absent from third parties' lists they look at.
    expect(errorCodes(await harness.run(lists, { reps: [{ __typename: 'User', id: ann }] }, bob))).toContain('FORBIDDEN');
    // cid is followed by both; each of them sees only themself there.
    expect(ids((await listsOf(cid, bob)).followers)).toEqual([bob]);
    expect(ids((await listsOf(cid, ann)).followers)).toEqual([ann]);
    expect((await listsOf(cid, cid)).followers.edges).toHaveLength(2);
    expect(await harness.db.event.count({ where: { type: 'user.blocked' } })).toBeGreaterThan(0);

    await run(`mutation($id: ID!) { unblock(userId: $id) { id } }`, bob, ann);
    expect((await run(follow, ann, bob)).data).toMatchObject({ follow: { status: 'FOLLOWING' } });
  });

  it('refuses to follow a deleted user and drops every follow of theirs, in both directions', async () => {
    const [gone, fan, idol] = userIds(3) as [string, string, string];
    await run(follow, gone, fan);
    await run(follow, idol, gone);
    await announceUserDeleted(harness, gone);
    expect(await harness.drainEvents()).toBeGreaterThan(0);
    expect(await harness.drainEvents()).toBe(0);
    expect((await listsOf(fan)).followingCount).toBe(0);
    expect((await listsOf(idol)).followerCount).toBe(0);
    expect(errorCodes(await run(follow, gone, fan))).toEqual(['NOT_FOUND']);
  });

  it('suggests friends of friends by mutual friends, never the followed, requested, blocked or muted', async () => {
    const [me, f1, f2, f3, top, mid, low, followed, blockedOne, mutedOne] = userIds(10) as string[] as [
      string, string, string, string, string, string, string, string, string, string,
    ];
    const befriend = async (a: string, b: string) => {
      await run(follow, b, a);
      await run(follow, a, b);
    };
    for (const friend of [f1, f2, f3]) await befriend(me, friend);
    for (const friend of [f1, f2, f3]) await befriend(friend, top);
    for (const friend of [f1, f2]) await befriend(friend, mid);
    await befriend(f1, low);
    for (const hidden of [followed, blockedOne, mutedOne]) for (const friend of [f1, f2, f3]) await befriend(friend, hidden);
    await run(follow, followed, me);
    await run(`mutation($id: ID!) { block(userId: $id) { id } }`, blockedOne, me);
    await run(`mutation($id: ID!) { mute(userId: $id) { id } }`, mutedOne, me);

    const result = await harness.run(`{ followSuggestions(first: 10) { user { id } mutualFriendCount } }`, {}, me);
    expect(result.data).toEqual({
      followSuggestions: [
        { user: { id: top }, mutualFriendCount: 3 },
        { user: { id: mid }, mutualFriendCount: 2 },
        { user: { id: low }, mutualFriendCount: 1 },
      ],
    });
    const mutual = await harness.run(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { mutualFriendCount mutualFriends { id } } } }`,
      { reps: [{ __typename: 'User', id: mid }] },
      me,
    );
    expect((mutual.data as any)._entities[0].mutualFriendCount).toBe(2);
    expect(new Set((mutual.data as any)._entities[0].mutualFriends.map((u: { id: string }) => u.id))).toEqual(new Set([f1, f2]));
    expect(errorCodes(await harness.run(`{ followSuggestions(first: 51) { mutualFriendCount } }`, {}, me))).toEqual(['BAD_USER_INPUT']);
  });

  it('rate-limits a burst of 10,000 follows from one user', async () => {
    const [spammer] = userIds(1) as [string];
    const targets = userIds(10_000);
    const results: GraphQLResult[] = [];
    // 50 at a time: a burst, without exhausting the connection pool.
    for (let i = 0; i < targets.length; i += 50) {
      results.push(...(await Promise.all(targets.slice(i, i + 50).map((target) => run(`mutation($id: ID!) { follow(userId: $id) { status } }`, target, spammer)))));
    }
    const stored = await harness.db.follow.count({ where: { followerId: spammer } });
    const limited = results.filter((result) => errorCodes(result)[0] === 'RATE_LIMITED');
    expect(stored).toBeGreaterThanOrEqual(followBucket.capacity);
    // A few tokens may refill while the burst runs; nothing like 10,000.
    expect(stored).toBeLessThan(followBucket.capacity + 10);
    expect(limited.length).toBe(targets.length - stored);
    expect(limited[0]!.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
  }, 300_000);
});
