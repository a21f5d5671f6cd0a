import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/support/databases.ts';
import { userIds } from '../../../test/support/ids.ts';
import {
  announceBlock,
  announceUserDeleted,
  errorCodes,
  startSubgraphHarness,
  type SubgraphHarness,
} from '../../../test/support/subgraph-harness.ts';
import { createTimelineSubgraph } from '../src/service.ts';

const createPost = `mutation($body: String!, $media: [ID!]) { createPost(input: { body: $body, mediaIds: $media }) { id body author { id } media { id } createdAt } }`;

interface PostPage {
  edges: { node: { id: string; body: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe.each(await databaseKinds())('timeline subgraph on %s', (kind) => {
  let harness: SubgraphHarness;
  beforeAll(async () => {
    harness = await startSubgraphHarness(kind, createTimelineSubgraph);
  });
  afterAll(() => harness?.close());

  it('creates a post owned by the caller and resolves it as an entity', async () => {
    const [author] = userIds(1) as [string];
    const [image] = userIds(1) as [string];
    const created = await harness.run(createPost, { body: '  hello <b>world</b>  ', media: [image] }, author);
    expect(created.errors).toBeUndefined();
    const post = (created.data as { createPost: { id: string; body: string; author: { id: string }; media: { id: string }[] } })
      .createPost;
    expect(post).toMatchObject({ body: 'hello <b>world</b>', author: { id: author }, media: [{ id: image }] });

    const entity = await harness.run(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Post { body } } }`,
      { reps: [{ __typename: 'Post', id: post.id }] },
    );
    expect(entity.data).toEqual({ _entities: [{ body: 'hello <b>world</b>' }] });
  });

  it("puts a new post in its author's own home timeline before answering, with no fan-out worker running", async () => {
    const [author] = userIds(1) as [string];
    const home = `{ homeTimeline(first: 5) { edges { node { body } } } }`;
    // A first read makes the author an active reader: later reads take only what was pushed.
    expect((await harness.run(home, {}, author)).data).toEqual({ homeTimeline: { edges: [] } });
    expect((await harness.run(createPost, { body: 'my own words', media: [] }, author)).errors).toBeUndefined();
    expect((await harness.run(home, {}, author)).data).toEqual({ homeTimeline: { edges: [{ node: { body: 'my own words' } }] } });
  });

  it("pages an author's posts newest first", async () => {
    const [author] = userIds(1) as [string];
    for (let i = 0; i < 5; i++) {
      await harness.run(createPost, { body: `post ${i}` }, author);
      // Distinct milliseconds, so creation order is the expected order.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const bodies: string[] = [];
    let after: string | null = null;
    do {
      const result = await harness.run(
        `query($reps: [_Any!]!, $after: String) { _entities(representations: $reps) { ... on User { posts(first: 2, after: $after) { edges { node { id body } } pageInfo { hasNextPage endCursor } } } } }`,
        { reps: [{ __typename: 'User', id: author }], after },
      );
      const posts: PostPage = (result.data as { _entities: { posts: PostPage }[] })._entities[0]!.posts;
      bodies.push(...posts.edges.map((edge) => edge.node.body));
      after = posts.pageInfo.hasNextPage ? posts.pageInfo.endCursor : null;
    } while (after !== null);
    expect(bodies).toEqual(['post 4', 'post 3', 'post 2', 'post 1', 'post 0']);
  });

  it('stores SQL and script text verbatim and returns it unchanged', async () => {
    const [author] = userIds(1) as [string];
    const body = `'); DROP TABLE timeline.post;-- <script>alert("x")</script> \u{1F600} ${'$'}{7*7} {{7*7}}`;
    const created = await harness.run(createPost, { body }, author);
    const id = (created.data as { createPost: { id: string } }).createPost.id;
    expect((await harness.run(`query($id: ID!) { post(id: $id) { body } }`, { id })).data).toEqual({ post: { body } });
    expect(await harness.db.post.count()).toBeGreaterThan(0);
  });

  it('refuses empty, oversized and anonymous posts, and bad media lists', async () => {
    const [author] = userIds(1) as [string];
    const before = await harness.db.post.count();
    expect(errorCodes(await harness.run(createPost, { body: '   ' }, author))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(createPost, { body: 'x'.repeat(2001) }, author))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(createPost, { body: 'nul \u0000 byte' }, author))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(createPost, { body: 'hi' }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await harness.run(createPost, { body: 'hi', media: userIds(5) }, author))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await harness.run(createPost, { body: 'hi', media: ['nope'] }, author))).toEqual(['BAD_USER_INPUT']);
    expect(await harness.db.post.count()).toBe(before);
  });

  it('lists recent posts and rejects an author cursor there', async () => {
    const [author] = userIds(1) as [string];
    await harness.run(createPost, { body: 'recent one' }, author);
    const recent = await harness.run(`{ recentPosts(first: 1) { edges { node { body } } pageInfo { endCursor } } }`);
    expect(recent.data).toMatchObject({ recentPosts: { edges: [{ node: { body: 'recent one' } }] } });
    const authorPage = await harness.run(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { posts(first: 1) { pageInfo { endCursor } } } } }`,
      { reps: [{ __typename: 'User', id: author }] },
    );
    const cursor = (authorPage.data as { _entities: { posts: PostPage }[] })._entities[0]!.posts.pageInfo.endCursor;
    const misuse = await harness.run(`query($after: String) { recentPosts(first: 1, after: $after) { edges { cursor } } }`, {
      after: cursor,
    });
    expect(errorCodes(misuse)).toEqual(['BAD_USER_INPUT']);
  });

  it("erases a deleted user's posts and keeps everyone else's", async () => {
    const [gone, stays] = userIds(2) as [string, string];
    await harness.run(createPost, { body: 'soon gone' }, gone);
    await harness.run(createPost, { body: 'still here' }, stays);
    await announceUserDeleted(harness, gone);
    await harness.drainEvents();
    expect(await harness.db.post.count({ where: { authorId: gone } })).toBe(0);
    expect(await harness.db.post.count({ where: { authorId: stays } })).toBe(1);
  });

  it('hides posts between users who block each other, and shows them again after unblocking', async () => {
    const [blocker, blocked, bystander] = userIds(3) as [string, string, string];
    const created = await harness.run(createPost, { body: 'from the blocked one' }, blocked);
    const postId = (created.data as { createPost: { id: string } }).createPost.id;
    await announceBlock(harness, blocker, blocked);
    const recent = async (viewer: string) =>
      ((await harness.run(`{ recentPosts(first: 100) { edges { node { id } } } }`, {}, viewer)).data as any).recentPosts.edges.map(
        (edge: any) => edge.node.id,
      );
    // Hidden both ways: from the blocker, and the blocker's posts from the blocked one.
    expect(await recent(blocker)).not.toContain(postId);
    expect(await recent(bystander)).toContain(postId);
    expect((await harness.run(`query($id: ID!) { post(id: $id) { id } }`, { id: postId }, blocker)).data).toEqual({ post: null });
    const theirPosts = await harness.run(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { posts { edges { cursor } } } } }`,
      { reps: [{ __typename: 'User', id: blocker }] },
      blocked,
    );
    expect(errorCodes(theirPosts)).toEqual(['FORBIDDEN']);
    await announceBlock(harness, blocker, blocked, false);
    expect(await recent(blocker)).toContain(postId);
  });
});
