import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useSubscription } from '@apollo/client/react';
import type { Api } from '../apollo.ts';
import { InboxUpdatedDocument } from '../gql/graphql.ts';
import { Inbox, type ChatMessage } from './inbox.ts';

const InboxContext = createContext<Inbox | null>(null);

/** Keeps the inbox in step: a sync at sign-in, on every inbox event, and after every reconnect. */
export function InboxProvider({ api, userId, children }: { api: Api; userId: string; children: ReactNode }) {
  const inbox = useMemo(() => new Inbox(api.client, userId), [api, userId]);
  useEffect(() => {
    void inbox.sync().catch(() => {});
    return api.onReconnect(() => void inbox.sync().catch(() => {}));
  }, [api, inbox]);
  useSubscription(InboxUpdatedDocument, { onData: () => void inbox.sync().catch(() => {}) });
  return <InboxContext.Provider value={inbox}>{children}</InboxContext.Provider>;
}

export function useInbox(): Inbox {
  const inbox = useContext(InboxContext);
  if (!inbox) throw new Error('useInbox outside InboxProvider');
  return inbox;
}

export function useMessages(conversationId: string): ChatMessage[] {
  const inbox = useInbox();
  return useSyncExternalStore(inbox.subscribe, () => inbox.messages(conversationId));
}
