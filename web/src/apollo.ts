import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { setLinkState, retryWait } from './connection.ts';
import { manifestId, manifestIdOf } from './persisted.ts';
import { freshSession, refreshSession, setSession, type Session } from './session.ts';

function withBearer(init: RequestInit | undefined, session: Session | null): RequestInit {
  const headers = new Headers(init?.headers);
  if (session) headers.set('authorization', `Bearer ${session.accessToken}`);
  else headers.delete('authorization');
  return { ...init, headers };
}

/**
 * fetch with the access token, refreshed before it runs out and once more
 * when the gateway answers 401 anyway (clock skew, a revoked signing key):
 * callers never see an expired token.
 */
async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const session = await freshSession();
  const response = await fetch(input, withBearer(init, session));
  if (response.status !== 401 || !session) return response;
  const renewed = await refreshSession(session);
  if (!renewed) return response;
  return fetch(input, withBearer(init, renewed));
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

// Production: manifest ids only, never the text, not even after PERSISTED_QUERY_NOT_FOUND.
// Development: automatic persisted queries, so any document works without regenerating.
const persistedLink = import.meta.env.PROD
  ? new PersistedQueryLink({ generateHash: manifestId, disable: () => false, retry: () => false })
  : new PersistedQueryLink({ sha256 });

/**
 * Production subscriptions go by manifest id as well: the gateway's
 * graphql-ws server resolves the id from the same registry as HTTP. graphql-ws
 * requires `query` to be a string, so it is sent empty.
 */
function byManifestId(socket: Client): Client {
  return {
    ...socket,
    subscribe: (payload, sink) => {
      if (!payload.operationName) throw new Error('every operation of the web client is named');
      const persistedQuery = { version: 1, sha256Hash: manifestIdOf(payload.operationName) };
      return socket.subscribe({ ...payload, query: '', extensions: { ...payload.extensions, persistedQuery } }, sink);
    },
  };
}

export interface Api {
  client: ApolloClient;
  socket: Client;
  /** Called after the live connection came back: whatever was missed must be fetched. */
  onReconnect(listener: () => void): () => void;
  stop(): void;
}

/** One client per signed-in user: signing out throws the cache and the socket away. */
export function createApi(): Api {
  const reconnectListeners = new Set<() => void>();
  const socket = createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: async () => {
      const session = await freshSession();
      return session ? { Authorization: `Bearer ${session.accessToken}` } : {};
    },
    lazy: true,
    // Expired tokens (4011), slow consumers (4008), dropped networks: always come back.
    shouldRetry: () => true,
    retryAttempts: Number.MAX_SAFE_INTEGER,
    retryWait,
    on: {
      connecting: () => setLinkState('connecting'),
      connected: (_socket, _payload, wasRetry) => {
        setLinkState('online');
        if (wasRetry) for (const listener of reconnectListeners) listener();
      },
      closed: () => setLinkState(navigator.onLine ? 'connecting' : 'offline'),
    },
  });
  // The browser knows the network is gone before TCP does: drop the socket now, and resync when it returns.
  const offline = () => {
    setLinkState('offline');
    socket.terminate();
  };
  window.addEventListener('offline', offline);

  const http = ApolloLink.from([persistedLink, new HttpLink({ uri: '/graphql', fetch: authFetch })]);
  const live = new GraphQLWsLink(import.meta.env.PROD ? byManifestId(socket) : socket);
  const link = ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, live, http);
  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        Query: { fields: { homeTimeline: relayStylePagination() } },
        // Conversations and their messages are merged by the inbox store, keyed by seq.
        Conversation: { fields: { messages: { merge: false } } },
      },
    }),
  });
  return {
    client,
    socket,
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    stop() {
      window.removeEventListener('offline', offline);
      client.stop();
      void socket.dispose();
    },
  };
}

export function signOutLocally(): void {
  setSession(null);
}
