import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, publishEvent, type EventPayloads } from '@chorus/runtime';
import { databaseKinds } from '../../../test/support/databases.ts';
import { userIds } from '../../../test/support/ids.ts';
import { errorCodes, startSubgraphHarness, type SubgraphHarness } from '../../../test/support/subgraph-harness.ts';
import type { TimelineServices } from '../src/context.ts';
import { createTimelineServices, createTimelineSubgraph, drainTimelineJobs } from '../src/service.ts';

const celebrityFollowers = 3;
const home = `query($first: Int, $after: String) { homeTimeline(first: $first, after: $after) {
  edges { cursor node { id body author { id } } } pageInfo { hasNextPage endCursor } } }`;

interface HomeEdge {
  cursor: string;
  node: { id: string; body: string; author: { id: string } };
}

describe.each(await databaseKinds())('home timelines on %s (SQL store)', (kind) => {
  let harness: SubgraphHarness;
  let services: TimelineServices;
  beforeAll(async () => {
    harness = await startSubgraphHarness(kind, createTimelineSubgraph, { CHORUS_TIMELINE_CELEBRITY_FOLLOWERS: String(celebrityFollowers) });
    services = createTimelineServices({ prisma: harness.db, config: harness.config, logger: createLogger('test', 'silent') });
  });
  afterAll(() => harness?.close());

  /** Lets the background machinery catch up: events from social, then queued jobs. */
  async function settle() {
    await harness.drainEvents();
    await drainTimelineJobs(services);
  }
  async function announce<T extends keyof EventPayloads>(type: T, payload: EventPayloads[T]) {
    await harness.db.$transaction((tx) => publishEvent(tx, type, payload));
    await settle();
  }
  const follow = (followerId: string, followeeId: string) => announce('follow.created', { followerId, followeeId });
  async function post(authorId: string, body: string): Promise<string> {
    const result = await harness.run(`mutation($b: String!) { createPost(input: { body: $b }) { id } }`, { b: body }, authorId);
    expect(result.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 2)); // distinct milliseconds keep the expected order exact
    return (result.data as { createPost: { id: string } }).createPost.id;
  }
  async function read(viewer: string, first = 20, after?: string) {
    const result = await harness.run(home, { first, after }, viewer);
    expect(result.errors).toBeUndefined();
    return (result.data as { homeTimeline: { edges: HomeEdge[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }).homeTimeline;
  }
  const bodies = async (viewer: string) => (await read(viewer, 100)).edges.map((edge) => edge.node.body);
  const pushed = async (owner: string) => (await services.store.homeEntries(owner, { before: null, limit: 100 })).map((e) => e.postId);

  it('pushes posts to active followers only, and rebuilds an inactive follower\'s timeline by pull', async () => {
    const [author, active, inactive] = userIds(3) as [string, string, string];
    await follow(active, author);
    await follow(inactive, author);
    await read(active); // reading makes a user active
    const postId = await post(author, 'hello followers');
    await settle();
    expect(await pushed(active)).toContain(postId);
    expect(await pushed(inactive)).not.toContain(postId);
    expect(await bodies(inactive)).toEqual(['hello followers']); // pulled on return
    expect(await pushed(inactive)).toContain(postId); // and kept
  });

  it("never fans out a celebrity's posts; followers pull them at read time", async () => {
    const [celebrity, ...fans] = userIds(1 + celebrityFollowers) as [string, ...string[]];
    for (const fan of fans) {
      await read(fan);
      await follow(fan, celebrity);
    }
    const postId = await post(celebrity, 'big news');
    await settle();
    expect(await pushed(fans[0]!)).not.toContain(postId);
    expect(await bodies(fans[0]!)).toContain('big news');
  });

  it('pages a merged timeline with opaque cursors, without repeats or gaps', async () => {
    const [reader, a, b, celebrity, ...fans] = userIds(4 + celebrityFollowers) as [string, string, string, string, ...string[]];
    await read(reader);
    for (const author of [a, b, celebrity]) await follow(reader, author);
    for (const fan of fans.slice(0, celebrityFollowers - 1)) await follow(fan, celebrity);
    const expected: string[] = [];
    for (let i = 0; i < 12; i++) expected.unshift(await post([a, b, celebrity][i % 3]!, `post ${i}`));
    await settle();
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await read(reader, 5, after);
      seen.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(expected);
  });

  it('refuses bad cursors and page sizes', async () => {
    const [reader, other] = userIds(2) as [string, string];
    await post(reader, 'mine');
    await post(other, 'theirs');
    const mine = await read(reader, 1);
    const theirs = await read(other, 1);
    expect(errorCodes(await harness.run(home, { first: 1, after: theirs.edges[0]!.cursor }, reader))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(home, { first: 1, after: mine.edges[0]!.cursor.slice(0, -3) + 'abc' }, reader))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(errorCodes(await harness.run(home, { first: 101 }, reader))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(home, { first: 10 }))).toEqual(['UNAUTHENTICATED']);
  });

  it('drops deleted posts, unfollowed, muted and blocked authors from the timeline', async () => {
    const [reader, kept, deletedAuthor, unfollowed, muted, blocked] = userIds(6) as string[] as [string, string, string, string, string, string];
    await read(reader);
    for (const author of [kept, deletedAuthor, unfollowed, muted, blocked]) await follow(reader, author);
    for (const author of [kept, deletedAuthor, unfollowed, muted, blocked]) await post(author, `by ${author.slice(0, 8)}`);
    const doomed = await post(deletedAuthor, 'soon deleted');
    await settle();
    expect(await bodies(reader)).toHaveLength(6);

    expect((await harness.run(`mutation($id: ID!) { deletePost(id: $id) }`, { id: doomed }, reader)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await harness.run(`mutation($id: ID!) { deletePost(id: $id) }`, { id: doomed }, deletedAuthor)).data).toEqual({ deletePost: true });
    await announce('follow.removed', { followerId: reader, followeeId: unfollowed });
    await announce('user.muted', { muterId: reader, mutedId: muted });
    await announce('user.blocked', { blockerId: blocked, blockedId: reader });
    const left = await bodies(reader);
    expect(left).toEqual([`by ${deletedAuthor.slice(0, 8)}`, `by ${kept.slice(0, 8)}`]);
    expect((await harness.run(`query($id: ID!) { post(id: $id) { id } }`, { id: doomed })).data).toEqual({ post: null });
  });

  it('backfills a newly followed author\'s recent posts', async () => {
    const [reader, author] = userIds(2) as [string, string];
    await read(reader);
    await post(author, 'from before the follow');
    await follow(reader, author);
    expect(await bodies(reader)).toEqual(['from before the follow']);
  });

  it('counts new posts from the read position, by offset', async () => {
    const [reader, author] = userIds(2) as [string, string];
    await read(reader);
    await follow(reader, author);
    await post(author, 'one');
    await settle();
    const count = `{ newPostsCount }`;
    await harness.run(`mutation { markTimelineRead }`, {}, reader);
    expect((await harness.run(count, {}, reader)).data).toEqual({ newPostsCount: 0 });
    for (const body of ['two', 'three', 'four']) await post(author, body);
    await settle();
    expect((await harness.run(count, {}, reader)).data).toEqual({ newPostsCount: 3 });
    const page = await read(reader, 2);
    await harness.run(`mutation($c: String) { markTimelineRead(upTo: $c) }`, { c: page.edges[1]!.cursor }, reader);
    expect((await harness.run(count, {}, reader)).data).toEqual({ newPostsCount: 1 });
    await harness.run(`mutation { markTimelineRead }`, {}, reader);
    expect((await harness.run(count, {}, reader)).data).toEqual({ newPostsCount: 0 });
  });
});
