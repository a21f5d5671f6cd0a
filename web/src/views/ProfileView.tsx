import { useState } from 'react';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { MeDocument, UpdateProfileDocument } from '../gql/graphql.ts';
import { uploadImage } from '../upload.ts';
import { ProfileHeader } from './ProfileHeader.tsx';

export function ProfileView() {
  const client = useApolloClient();
  const { data } = useQuery(MeDocument);
  const [update] = useMutation(UpdateProfileDocument, { refetchQueries: [MeDocument] });
  const [status, setStatus] = useState<string>();
  // The box follows the click at once; the saved value takes over again if saving fails.
  const [privacy, setPrivacy] = useState<boolean>();
  const me = data?.me;
  if (!me) return <p aria-busy="true">Loading…</p>;

  async function changeAvatar(file: File | undefined) {
    if (!file) return;
    setStatus('Uploading…');
    try {
      const avatarId = await uploadImage(client, file);
      await update({ variables: { input: { avatarId } } });
      setStatus('Avatar updated.');
    } catch (caught) {
      setStatus(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <section aria-labelledby="profile-title" className="stack profile">
      <ProfileHeader user={me} titleId="profile-title" avatarSize={96} />
      <label className="file">
        <input type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" onChange={(e) => void changeAvatar(e.currentTarget.files?.[0])} />
        <span>Change avatar</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={privacy ?? me.isPrivate}
          aria-describedby="private-hint"
          onChange={(event) => {
            const isPrivate = event.currentTarget.checked;
            setPrivacy(isPrivate);
            void update({ variables: { input: { isPrivate } } }).then(
              () => setStatus(isPrivate ? 'Your account is private.' : 'Your account is public.'),
              (error: Error) => {
                setPrivacy(undefined);
                setStatus(error.message);
              },
            );
          }}
        />
        Private account
      </label>
      <p id="private-hint" className="muted small">
        When private, you approve each new follower under People, and your posts are for your followers only.
      </p>
      {status && <p role="status">{status}</p>}
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          void update({ variables: { input: { displayName: String(form.get('displayName')), bio: String(form.get('bio')) } } }).then(
            () => setStatus('Saved.'),
            (error: Error) => setStatus(error.message),
          );
        }}
      >
        <label>
          Display name
          <input name="displayName" defaultValue={me.displayName} maxLength={64} required />
        </label>
        <label>
          Bio
          <textarea name="bio" defaultValue={me.bio} maxLength={280} rows={3} />
        </label>
        <button type="submit">Save</button>
      </form>
    </section>
  );
}
