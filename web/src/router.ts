import { useSyncExternalStore } from 'react';

/** Routes live in the hash (#/home, #/chats/ID): any static server can serve the app, and a reload keeps the place. */
export function useRoute(): string[] {
  const hash = useSyncExternalStore(
    (listener) => {
      window.addEventListener('hashchange', listener);
      return () => window.removeEventListener('hashchange', listener);
    },
    () => location.hash,
  );
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}

export function navigate(path: string): void {
  location.hash = path;
}
