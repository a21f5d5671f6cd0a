import { useEffect, useRef } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { HomeTimelineDocument, MarkTimelineReadDocument, NewPostsCountDocument } from '../gql/graphql.ts';
import { Compose } from './Compose.tsx';
import { PostCard } from './PostCard.tsx';

const pageSize = 10;

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

  const refetchFirstPage = () => timeline.refetch({ first: pageSize, after: null }).catch(() => undefined);

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
      <Compose onPosted={() => void refetchFirstPage()} />
      {count > 0 && (
        <button className="banner" onClick={showNew}>
          {count >= 100 ? '100+' : count} new {count === 1 ? 'post' : 'posts'}
        </button>
      )}
      {timeline.error && <p role="alert">Could not load the timeline: {timeline.error.message}</p>}
      <ol className="feed" aria-label="Home timeline" aria-busy={timeline.loading}>
        {connection?.edges.map(({ node }) => (
          <li key={node.id}>
            <PostCard post={node} />
          </li>
        ))}
      </ol>
      {connection && connection.edges.length === 0 && <p className="muted">Nothing yet. Follow people, or say something.</p>}
      <div ref={sentinel} aria-hidden="true" />
      {hasNextPage && (
        <button className="quiet" onClick={() => void timeline.fetchMore({ variables: { after: endCursor } }).catch(() => {})} disabled={timeline.loading}>
          {timeline.loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
