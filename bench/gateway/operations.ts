import type { SubgraphName } from '@chorus/runtime';
import type { Seeded } from './seed.ts';

/** One fetch of a query plan, sent to its subgraph as the gateway would send it. */
export interface SubgraphFetch {
  subgraph: SubgraphName;
  label: string;
  query: string;
  variables: Record<string, unknown>;
  /** Whose identity the fetch carries; null is anonymous. */
  userId: string | null;
  invalid(data: unknown): string | undefined;
}

export interface Operation {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  /** Signed in as Seeded.userIds[0]: a JWT for ours, the bench user header for the others. */
  signedIn: boolean;
  invalid(data: unknown): string | undefined;
  /**
   * The plan's fetches, step by step (fetches within a step run in parallel),
   * as Apollo's query planner makes it for this query.
   */
  plan: SubgraphFetch[][];
}

type Json = Record<string, unknown>;
const json = (value: unknown) => value as Json;

/** An _entities answer must resolve every representation, or the gateway would get nulls. */
function entities(count: number, field: string) {
  return (data: unknown) => {
    const found = json(data)._entities;
    if (!Array.isArray(found) || found.length !== count) return `expected ${count} entities, got ${JSON.stringify(found).slice(0, 200)}`;
    return found.every((entity) => entity !== null && json(entity)[field] != null) ? undefined : `an entity lacks ${field}`;
  };
}

const entitiesQuery = (fields: string) =>
  `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { ${fields} } } }`;

const pageSize = 10;

/**
 * Three shapes of read: across three subgraphs (timeline, then users and
 * social in parallel), one subgraph only, and a signed-in caller (users, then
 * social). `newestAuthors` are the authors of the newest posts, as timeline
 * returns them: the representations the gateway passes on.
 */
export function operations(seeded: Seeded, newestAuthors: string[]): Operation[] {
  const viewer = seeded.userIds[0]!;
  const handle = seeded.handles[1]!;
  const authorReps = newestAuthors.map((id) => ({ __typename: 'User', id }));
  const viewerRep = [{ __typename: 'User', id: viewer }];
  return [
    {
      name: `recentPosts(first: ${pageSize}) + authors`,
      query: `{ recentPosts(first: ${pageSize}) { edges { node { body author { handle displayName followerCount } } } } }`,
      variables: {},
      signedIn: false,
      invalid(data) {
        const edges = json(json(data).recentPosts).edges as Json[];
        if (edges.length !== pageSize) return `expected ${pageSize} posts, got ${edges.length}`;
        const complete = edges.every((edge) => {
          const author = json(json(edge.node).author);
          return typeof author.handle === 'string' && typeof author.followerCount === 'number' && author.followerCount > 0;
        });
        return complete ? undefined : 'a post lacks its author or follower count';
      },
      plan: [
        [
          {
            subgraph: 'timeline',
            label: 'timeline: recentPosts',
            query: timelineRecentPosts,
            variables: {},
            userId: null,
            invalid: (data) => ((json(json(data).recentPosts).edges as unknown[]).length === pageSize ? undefined : 'short page'),
          },
        ],
        [
          { subgraph: 'users', label: `users: _entities ×${authorReps.length}`, query: entitiesQuery('handle displayName'), variables: { representations: authorReps }, userId: null, invalid: entities(authorReps.length, 'handle') },
          { subgraph: 'social', label: `social: _entities ×${authorReps.length}`, query: entitiesQuery('followerCount'), variables: { representations: authorReps }, userId: null, invalid: entities(authorReps.length, 'followerCount') },
        ],
      ],
    },
    {
      name: 'userByHandle (users only)',
      query: `query($h: String!) { userByHandle(handle: $h) { id handle displayName bio isPrivate createdAt } }`,
      variables: { h: handle },
      signedIn: false,
      invalid: (data) => (json(json(data).userByHandle).handle === handle ? undefined : `not ${handle}`),
      plan: [
        [
          {
            subgraph: 'users',
            label: 'users: userByHandle',
            query: `query($h: String!) { userByHandle(handle: $h) { id handle displayName bio isPrivate createdAt } }`,
            variables: { h: handle },
            userId: null,
            invalid: (data) => (json(json(data).userByHandle).handle === handle ? undefined : `not ${handle}`),
          },
        ],
      ],
    },
    {
      name: 'me + counts (signed in)',
      query: `{ me { handle displayName followerCount followingCount } }`,
      variables: {},
      signedIn: true,
      invalid(data) {
        const me = json(json(data).me);
        return me.handle === seeded.handles[0] && typeof me.followerCount === 'number' && me.followerCount > 0 ? undefined : `wrong me: ${JSON.stringify(me)}`;
      },
      plan: [
        [
          {
            subgraph: 'users',
            label: 'users: me',
            query: `{ me { __typename id handle displayName } }`,
            variables: {},
            userId: viewer,
            invalid: (data) => (json(json(data).me).id === viewer ? undefined : 'me is not the signed-in user'),
          },
        ],
        [{ subgraph: 'social', label: 'social: _entities ×1', query: entitiesQuery('followerCount followingCount'), variables: { representations: viewerRep }, userId: viewer, invalid: entities(1, 'followerCount') }],
      ],
    },
  ];
}

/** Timeline's part of recentPosts: the posts and their authors' keys. */
export const timelineRecentPosts = `{ recentPosts(first: ${pageSize}) { edges { node { body author { __typename id } } } } }`;
