import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { HomeTimelineDocument, MarkTimelineReadDocument, NewPostsCountDocument, type PostFieldsFragment } from '../gql/graphql.ts';
import { Compose } from './Compose.tsx';
import { PostCard } from './PostCard.tsx';

const pageSize = 10;
/** How often the timeline is asked again for a post of one's own it does not hold yet, one second apart. */
const ownPostChecks = 10;

export function HomeView() {
  const timeline = useQuery(HomeTimelineDocument, { variables: { first: pageSize }, notifyOnNetworkStatusChange: true });
  // Polled, and asked again whenever the view is shown or the tab comes back to the front.
  const newPosts = useQuery(NewPostsCountDocument, { pollInterval: 15_000, fetchPolicy: 'cache-and-network' });
  const refetchCount = newPosts.refetch;
  useEffect(() => {
    const visible = () => {
      if (document.visibilityState === 'visible') void refetchCount().catch(() => {});
    };
    document.addEventListener('visibilitychange', visible);
    return () => document.removeEventListener('visibilitychange', visible);
  }, [refetchCount]);
  const [markRead] = useMutation(MarkTimelineReadDocument);
  const connection = timeline.data?.homeTimeline;
  const newest = connection?.edges[0]?.cursor;

  // What is on screen counts as read, so the banner only counts what came after.
  useEffect(() => {
    if (newest) void markRead({ variables: { upTo: newest } }).then(() => newPosts.refetch()).catch(() => {});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [newest]);

  // The author's post reaches their own timeline with the fan-out, a moment after createPost
  // answered: until the timeline holds it, it is shown from that answer, and the timeline is
  // asked again (a bounded number of times) so it takes its place and counts as read.
  const [ownPosts, setOwnPosts] = useState<PostFieldsFragment[]>([]);
  const [checks, setChecks] = useState(0);
  const held = new Set(connection?.edges.map(({ node }) => node.id));
  const notYetHeld = ownPosts.filter((post) => !held.has(post.id));
  const refetchFirstPage = () => timeline.refetch({ first: pageSize, after: null }).catch(() => undefined);
  useEffect(() => {
    if (notYetHeld.length === 0 || checks >= ownPostChecks) return;
    const timer = setTimeout(() => void refetchFirstPage().finally(() => setChecks((n) => n + 1)), 1000);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [notYetHeld.length, checks]);
  const posted = (post: PostFieldsFragment) => {
    setOwnPosts((posts) => [post, ...posts]);
    setChecks(0);
    void refetchFirstPage();
  };

  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, endCursor } = connection?.pageInfo ?? {};
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !timeline.loading) void timeline.fetchMore({ variables: { after: endCursor } }).catch(() => {});
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, endCursor, timeline]);

  const count = newPosts.data?.newPostsCount ?? 0;
  const showNew = async () => {
    await refetchFirstPage();
    window.scrollTo({ top: 0 });
  };

  return (
    <section aria-labelledby="home-title" className="stack">
      <h2 id="home-title">Home</h2>
      <Compose onPosted={posted} />
      {count > 0 && (
        <button className="banner" onClick={showNew}>
          {count >= 100 ? '100+' : count} new {count === 1 ? 'post' : 'posts'}
        </button>
      )}
      {timeline.error && <p role="alert">Could not load the timeline: {timeline.error.message}</p>}
      <ol className="feed" aria-label="Home timeline" aria-busy={timeline.loading}>
        {/* One list, keyed by post: a post of one's own stays mounted when the timeline takes it over. */}
        {[...notYetHeld, ...(connection?.edges.map(({ node }) => node) ?? [])].map((post) => (
          <li key={post.id}>
            <PostCard post={post} />
          </li>
        ))}
      </ol>
      {connection && connection.edges.length === 0 && notYetHeld.length === 0 && <p className="muted">Nothing yet. Follow people, or say something.</p>}
      <div ref={sentinel} aria-hidden="true" />
      {hasNextPage && (
        <button className="quiet" onClick={() => void timeline.fetchMore({ variables: { after: endCursor } }).catch(() => {})} disabled={timeline.loading}>
          {timeline.loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
