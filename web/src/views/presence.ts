import { useApolloClient, useSubscription } from '@apollo/client/react';
import { PresenceChangedDocument } from '../gql/graphql.ts';

/** Friends going on- and offline update `User.online` in the cache, so every dot showing them follows. */
export function usePresence(): void {
  const client = useApolloClient();
  useSubscription(PresenceChangedDocument, {
    onData: ({ data }) => {
      const event = data.data?.presenceChanged;
      if (!event) return;
      client.cache.modify({ id: client.cache.identify({ __typename: 'User', id: event.user.id }), fields: { online: () => event.online } });
    },
  });
}
