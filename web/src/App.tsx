import { useEffect, useState } from 'react';
import { ApolloProvider } from '@apollo/client/react';
import { createApi, type Api } from './apollo.ts';
import { InboxProvider } from './chat/InboxProvider.tsx';
import { useLinkState } from './connection.ts';
import { navigate, useRoute } from './router.ts';
import { useSession, type Session } from './session.ts';
import { AuthView } from './views/AuthView.tsx';
import { ChatsView } from './views/ChatsView.tsx';
import { ConversationView, DirectView } from './views/ConversationView.tsx';
import { HomeView } from './views/HomeView.tsx';
import { NewGroupView } from './views/NewGroupView.tsx';
import { PeopleView } from './views/PeopleView.tsx';
import { ProfileView } from './views/ProfileView.tsx';
import { UserView } from './views/UserView.tsx';
import { SignOutButton } from './views/SignOutButton.tsx';

export function App() {
  const session = useSession();
  if (!session) return <AuthView />;
  // A new client per user: nothing cached for one person is ever shown to the next.
  return <SignedIn key={session.user.id} session={session} />;
}

const tabs = [
  ['home', 'Home'],
  ['people', 'People'],
  ['chats', 'Messages'],
  ['profile', 'Profile'],
] as const;

function SignedIn({ session }: { session: Session }) {
  const [api, setApi] = useState<Api | null>(null);
  // Made and stopped by one effect, so a remount (StrictMode does one) never keeps a stopped client.
  useEffect(() => {
    const made = createApi();
    setApi(made);
    return () => made.stop();
  }, []);
  const route = useRoute();
  const [section = 'home', id] = route;
  const link = useLinkState();
  if (!api) return null;
  return (
    <ApolloProvider client={api.client}>
      <InboxProvider api={api} userId={session.user.id}>
        {/* Routes live in the hash, so following href="#main" would leave the page: move the focus instead. */}
        <a
          className="skip"
          href="#main"
          onClick={(event) => {
            event.preventDefault();
            document.getElementById('main')?.focus();
          }}
        >
          Skip to content
        </a>
        <header className="top">
          <h1 className="brand">Chorus</h1>
          <nav aria-label="Sections">
            {tabs.map(([path, label]) => (
              <a key={path} href={`#/${path}`} aria-current={section === path || (path === 'people' && section === 'u') ? 'page' : undefined}>
                {label}
              </a>
            ))}
          </nav>
          <span className={`link link-${link}`} role="status" data-testid="link-state">
            {link === 'online' ? 'Live' : link === 'offline' ? 'Offline' : 'Connecting…'}
          </span>
          <SignOutButton />
        </header>
        <main id="main" tabIndex={-1}>
          {section === 'home' && <HomeView />}
          {section === 'people' && <PeopleView />}
          {section === 'u' && id && <UserView handle={id} />}
          {section === 'chats' && !id && <ChatsView />}
          {section === 'chats' && id === 'new' && <NewGroupView />}
          {section === 'chats' && id && id !== 'new' && <ConversationView key={id} conversationId={id} />}
          {section === 'dm' && id && <DirectView key={id} userId={id} />}
          {section === 'profile' && <ProfileView />}
          {!['home', 'people', 'u', 'chats', 'dm', 'profile'].includes(section) && <NotFound />}
        </main>
      </InboxProvider>
    </ApolloProvider>
  );
}

function NotFound() {
  return (
    <p>
      Nothing here. <button onClick={() => navigate('/home')}>Go home</button>
    </p>
  );
}
