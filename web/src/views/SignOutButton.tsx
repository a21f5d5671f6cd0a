import { useMutation } from '@apollo/client/react';
import { LogoutDocument } from '../gql/graphql.ts';
import { setSession } from '../session.ts';

export function SignOutButton() {
  const [logout, { loading }] = useMutation(LogoutDocument);
  return (
    <button
      className="quiet"
      disabled={loading}
      onClick={async () => {
        // Revoke the refresh tokens first; sign out locally whatever the answer.
        await logout().catch(() => {});
        setSession(null);
        location.hash = '';
      }}
    >
      Sign out
    </button>
  );
}
