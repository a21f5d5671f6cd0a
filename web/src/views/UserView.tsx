import { useQuery } from '@apollo/client/react';
import { UserByHandleDocument } from '../gql/graphql.ts';
import { ProfileHeader } from './ProfileHeader.tsx';
import { useSession } from '../session.ts';
import { FollowButton } from './FollowButton.tsx';

export function UserView({ handle }: { handle: string }) {
  const me = useSession();
  const { data, loading, error } = useQuery(UserByHandleDocument, { variables: { handle }, fetchPolicy: 'cache-and-network' });
  const user = data?.userByHandle;
  if (loading && !user) return <p aria-busy="true">Loading…</p>;
  if (error) return <p role="alert">{error.message}</p>;
  if (!user) return <p>No one is called @{handle}.</p>;
  const self = user.id === me?.user.id;
  return (
    <section aria-labelledby="user-title" className="stack profile">
      <ProfileHeader user={user} titleId="user-title" avatarSize={72} aboutHandle={user.relationship?.followsYou && ' · follows you'} />
      {user.bio && <p>{user.bio}</p>}
      {!self && (
        <div className="row">
          <FollowButton user={user} />
          <a className="button secondary" href={`#/dm/${user.id}`}>
            Message
          </a>
        </div>
      )}
    </section>
  );
}
