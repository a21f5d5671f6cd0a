import type { ReactNode } from 'react';
import type { MediaFieldsFragment } from '../gql/graphql.ts';
import { Avatar } from '../components/MediaImage.tsx';

/** The top of a profile, one's own or someone else's: avatar, name (the section's title), handle and counts. */
export function ProfileHeader({
  user,
  titleId,
  avatarSize,
  aboutHandle,
}: {
  user: { displayName: string; handle: string; avatar?: MediaFieldsFragment | null; followerCount?: number | null; followingCount?: number | null };
  /** The id the section's aria-labelledby names. */
  titleId: string;
  avatarSize: number;
  /** Said after the handle, e.g. that this person follows you. */
  aboutHandle?: ReactNode;
}) {
  return (
    <header className="row">
      <Avatar user={user} size={avatarSize} />
      <div className="grow">
        <h2 id={titleId}>{user.displayName}</h2>
        <div className="muted">
          @{user.handle}
          {aboutHandle}
        </div>
        <div className="muted small">
          {user.followerCount ?? '–'} followers · {user.followingCount ?? '–'} following
        </div>
      </div>
    </header>
  );
}
