import { useMutation, useQuery } from '@apollo/client/react';
import { ApproveFollowRequestDocument, DeclineFollowRequestDocument, FollowRequestsDocument, MeDocument } from '../gql/graphql.ts';
import { Avatar } from '../components/MediaImage.tsx';

/** Incoming requests to follow a private account, each to approve or decline; nothing at all for a public account without any. */
export function FollowRequests() {
  const me = useQuery(MeDocument);
  const requests = useQuery(FollowRequestsDocument, { fetchPolicy: 'cache-and-network' });
  const refetchQueries = [FollowRequestsDocument, MeDocument];
  const [approve, approving] = useMutation(ApproveFollowRequestDocument, { refetchQueries, awaitRefetchQueries: true });
  const [decline, declining] = useMutation(DeclineFollowRequestDocument, { refetchQueries, awaitRefetchQueries: true });
  const people = requests.data?.followRequests.edges.map((edge) => edge.node) ?? [];
  if (!me.data?.me?.isPrivate && people.length === 0) return null;
  const busy = approving.loading || declining.loading;
  const error = requests.error ?? approving.error ?? declining.error;
  return (
    <section aria-labelledby="requests-title" className="stack">
      <h3 id="requests-title">
        Follow requests{' '}
        {people.length > 0 && (
          <span className="badge" aria-label={`${people.length} waiting`}>
            {people.length}
          </span>
        )}
      </h3>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {requests.data && people.length === 0 && <p className="muted">No one is waiting for your approval.</p>}
      <ul className="people" aria-label="Follow requests">
        {people.map((user) => (
          <li key={user.id} className="person">
            <Avatar user={user} />
            <div className="grow">
              <a href={`#/u/${user.handle}`}>{user.displayName}</a> <span className="muted">@{user.handle}</span>
            </div>
            <button disabled={busy} aria-label={`Approve ${user.displayName}`} onClick={() => void approve({ variables: { userId: user.id } }).catch(() => {})}>
              Approve
            </button>
            <button
              className="secondary"
              disabled={busy}
              aria-label={`Decline ${user.displayName}`}
              onClick={() => void decline({ variables: { userId: user.id } }).catch(() => {})}
            >
              Decline
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
