import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphNames } from '@chorus/runtime';
import { startTestSystem, type TestSystem } from '../support/system.ts';

const signUp = `mutation($h: String!, $n: String!) { signUp(input: { handle: $h, displayName: $n }) { id } }`;

// Across subgraphs: timeline (posts) → users (author's name) → social (counts, followers) → users again.
const feedQuery = /* GraphQL */ `
  {
    recentPosts(first: 10) {
      edges { node { body author { handle displayName followerCount followers(first: 5) { edges { node { handle } } } } } }
    }
  }
`;

describe('the whole system through the gateway', () => {
  let system: TestSystem;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    system = await startTestSystem();
    for (const [handle, name] of [['ann', 'Ann'], ['bob', 'Bob'], ['cid', 'Cid']] as const) {
      const result = await system.query(signUp, { h: handle, n: name });
      expect(result.errors).toBeUndefined();
      ids[handle] = (result.data as { signUp: { id: string } }).signUp.id;
    }
    await system.query(`mutation($id: ID!) { follow(userId: $id) { id } }`, { id: ids.ann }, ids.bob);
    await system.query(`mutation($id: ID!) { follow(userId: $id) { id } }`, { id: ids.ann }, ids.cid);
    const post = await system.query(`mutation { createPost(input: { body: "Hello, federation" }) { id } }`, {}, ids.ann);
    expect(post.errors).toBeUndefined();
  });
  afterAll(() => system?.stop());

  it('answers /healthz and /readyz on the gateway and every subgraph', async () => {
    for (const name of ['gateway', ...subgraphNames] as const) {
      expect((await fetch(`${system.baseUrl(name)}/healthz`)).status, name).toBe(200);
      expect((await fetch(`${system.baseUrl(name)}/readyz`)).status, name).toBe(200);
    }
  });

  it('serves one query spanning timeline, users and social', async () => {
    const result = await system.query(feedQuery);
    expect(result.errors).toBeUndefined();
    const author = { handle: 'ann', displayName: 'Ann', followerCount: 2 };
    expect(result.data).toMatchObject({ recentPosts: { edges: [{ node: { body: 'Hello, federation', author } }] } });
    const followers = (result.data as any).recentPosts.edges[0].node.author.followers.edges.map((e: any) => e.node.handle);
    expect(new Set(followers)).toEqual(new Set(['bob', 'cid']));
  });

  it('resolves chat senders and media avatars from their owning subgraphs', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#36c' } }).png().toBuffer();
    const upload = await system.query(
      `mutation($b: String!) { uploadImage(input: { base64: $b }) { id url } }`,
      { b: png.toString('base64') },
      ids.bob,
    );
    expect(upload.errors).toBeUndefined();
    const media = (upload.data as { uploadImage: { id: string; url: string } }).uploadImage;
    await system.query(`mutation($id: ID!) { updateProfile(input: { avatarId: $id }) { id } }`, { id: media.id }, ids.bob);
    const original = await fetch(media.url);
    expect(original.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await original.arrayBuffer()).equals(png)).toBe(true);

    const sent = await system.query(
      `mutation($to: ID!) { sendDirectMessage(input: { toUserId: $to, body: "hi ann" }) { seq sender { handle avatar { width height } } } }`,
      { to: ids.ann },
      ids.bob,
    );
    expect(sent.data).toEqual({ sendDirectMessage: { seq: 1, sender: { handle: 'bob', avatar: { width: 64, height: 48 } } } });
  });

  it('answers malformed requests with GraphQL errors and codes, never a stack trace', async () => {
    const malformed = await fetch(system.baseUrl('gateway') + '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ me { id } ',
    });
    expect(malformed.status).toBe(400);
    const body = await malformed.text();
    expect(JSON.parse(body).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(body).not.toMatch(/at \w+ \(|node_modules|\.ts:/);

    const parse = await system.query('{ me { id ');
    expect(parse.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknownField = await system.query('{ me { id passwordHash } }');
    expect(unknownField.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const wrongType = await system.query('query($id: ID!) { user(id: $id) { id } }', { id: { nested: true } });
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const result of [parse, unknownField, wrongType]) {
      expect(JSON.stringify(result)).not.toMatch(/stacktrace|node_modules/);
    }
  });

  it('keeps answering with partial data while a subgraph is down, and recovers when it returns', async () => {
    await system.kill('social');
    const degraded = await system.query(feedQuery);
    expect(degraded.data).toMatchObject({
      recentPosts: { edges: [{ node: { body: 'Hello, federation', author: { handle: 'ann', followerCount: null } } }] },
    });
    expect(degraded.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'social' });
    expect(degraded.errors?.[0]?.message).toMatch(/social/);
    expect((await fetch(`${system.baseUrl('gateway')}/readyz`)).status).toBe(503);

    await system.restart('social');
    const recovered = await system.query(feedQuery);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data).toMatchObject({ recentPosts: { edges: [{ node: { author: { followerCount: 2 } } }] } });
    expect((await fetch(`${system.baseUrl('gateway')}/readyz`)).status).toBe(200);
  });
});
