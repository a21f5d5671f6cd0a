import { useSyncExternalStore } from 'react';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { RefreshSessionDocument, type SessionFieldsFragment } from './gql/graphql.ts';
import { operationBody } from './persisted.ts';

/**
 * The signed-in session, kept in localStorage so a reload stays signed in.
 * A reference client's trade-off: any script on the origin could read it,
 * which is why the page loads no third-party script.
 */
export type Session = Omit<SessionFieldsFragment, '__typename'>;

const storageKey = 'chorus.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    return JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(storageKey, JSON.stringify(session));
  else localStorage.removeItem(storageKey);
  for (const listener of listeners) listener();
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

// Another tab that refreshed or signed out wrote storage: follow it.
window.addEventListener('storage', (event) => {
  if (event.key !== storageKey) return;
  current = read();
  for (const listener of listeners) listener();
});

/** POSTs one operation outside Apollo Client: for the refresh itself, which must not recurse into the 401 handling. */
export async function postOperation<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<{ data?: R; errors?: { message?: string; extensions?: { code?: string } }[] }> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ variables, ...operationBody(document, print) }),
  });
  return (await response.json()) as { data?: R; errors?: { message?: string; extensions?: { code?: string } }[] };
}

let refreshing: Promise<Session | null> | undefined;

/**
 * Trades the refresh token for a new session. Refresh tokens are single use
 * and a reuse ends the whole session, so refreshes are serialised: within
 * the tab by sharing one promise, across tabs by a Web Lock, after which a
 * token another tab already rotated is adopted instead of spent again.
 */
export function refreshSession(stale: Session): Promise<Session | null> {
  refreshing ??= (async () => {
    const run = async (): Promise<Session | null> => {
      const latest = read();
      if (!latest) return null;
      if (latest.refreshToken !== stale.refreshToken) return latest;
      const answer = await postOperation(RefreshSessionDocument, { refreshToken: latest.refreshToken });
      if (answer.data) return answer.data.refreshSession;
      // Refused (expired, revoked, reused): signed out. Anything else is a network problem: keep the session.
      if (answer.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return null;
      throw new Error('Could not refresh the session');
    };
    const next = navigator.locks ? await navigator.locks.request('chorus.refresh', run) : await run();
    setSession(next);
    return next;
  })().finally(() => (refreshing = undefined));
  return refreshing;
}

/** The session, refreshed first when its access token ends within half a minute. */
export async function freshSession(): Promise<Session | null> {
  const session = current;
  if (session && Date.parse(session.accessTokenExpiresAt) - Date.now() < 30_000) return refreshSession(session);
  return session;
}
