import { useMutation } from '@apollo/client/react';
import { CancelFollowRequestDocument, FollowDocument, UnfollowDocument } from '../gql/graphql.ts';

export function FollowButton({ user }: { user: { id: string; displayName: string; relationship?: { following: boolean; requested: boolean } | null } }) {
  const [follow, following] = useMutation(FollowDocument);
  const [unfollow, unfollowing] = useMutation(UnfollowDocument);
  // Answers only true or false: the cached relationship is set by hand, so the button turns back to Follow at once.
  const [cancel, cancelling] = useMutation(CancelFollowRequestDocument, {
    update(cache) {
      cache.modify({
        id: cache.identify({ __typename: 'User', id: user.id }),
        fields: { relationship: (relation: object | null) => (relation ? { ...relation, requested: false } : relation) },
      });
    },
  });
  const relation = user.relationship;
  const busy = following.loading || unfollowing.loading || cancelling.loading;
  const error = following.error ?? unfollowing.error ?? cancelling.error;
  const variables = { userId: user.id };
  const act = relation?.following ? () => unfollow({ variables }) : relation?.requested ? () => cancel({ variables }) : () => follow({ variables });
  return (
    <>
      <button
        className={relation?.following || relation?.requested ? 'secondary' : undefined}
        aria-pressed={Boolean(relation?.following)}
        disabled={busy}
        onClick={() => void act().catch(() => {})}
        aria-label={`${relation?.following ? 'Unfollow' : relation?.requested ? 'Cancel request to follow' : 'Follow'} ${user.displayName}`}
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
