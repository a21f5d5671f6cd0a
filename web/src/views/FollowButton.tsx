import { useMutation } from '@apollo/client/react';
import { FollowDocument, UnfollowDocument } from '../gql/graphql.ts';

export function FollowButton({ user }: { user: { id: string; displayName: string; relationship?: { following: boolean; requested: boolean } | null } }) {
  const [follow, following] = useMutation(FollowDocument);
  const [unfollow, unfollowing] = useMutation(UnfollowDocument);
  const relation = user.relationship;
  const busy = following.loading || unfollowing.loading;
  const error = following.error ?? unfollowing.error;
  const active = relation?.following || relation?.requested;
  return (
    <>
      <button
        className={active ? 'secondary' : undefined}
        aria-pressed={Boolean(relation?.following)}
        disabled={busy}
        onClick={() => void (active ? unfollow({ variables: { userId: user.id } }) : follow({ variables: { userId: user.id } })).catch(() => {})}
        aria-label={`${active ? (relation?.requested ? 'Cancel request to follow' : 'Unfollow') : 'Follow'} ${user.displayName}`}
      >
        {relation?.following ? 'Following' : relation?.requested ? 'Requested' : 'Follow'}
      </button>
      {error && (
        <span role="alert" className="error small">
          {error.message}
        </span>
      )}
    </>
  );
}
