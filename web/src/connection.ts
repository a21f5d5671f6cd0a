import { useSyncExternalStore } from 'react';

/** Whether the live connection (graphql-ws) is up: the UI says so, and a reconnect triggers a resync. */
export type LinkState = 'connecting' | 'online' | 'offline';

let state: LinkState = 'connecting';
const listeners = new Set<() => void>();

export function setLinkState(next: LinkState): void {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener();
}

export function useLinkState(): LinkState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

/**
 * Waits before the next reconnect attempt: backing off while the network is
 * down, but going at once when the browser says it is back.
 */
export function retryWait(retries: number): Promise<void> {
  const delay = Math.min(500 * 2 ** retries, 10_000) * (0.75 + Math.random() / 2);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, delay);
    window.addEventListener('online', done);
  });
}
