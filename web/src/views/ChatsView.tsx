import { useQuery } from '@apollo/client/react';
import { MyConversationsDocument, type MyConversationsQuery } from '../gql/graphql.ts';
import { Avatar } from '../components/MediaImage.tsx';
import { useSession } from '../session.ts';
import { usePresence } from './presence.ts';

type Conversation = MyConversationsQuery['myConversations'][number];

export function conversationTitle(conversation: Pick<Conversation, 'title' | 'members'>, myId: string | undefined): string {
  return conversation.title ?? (conversation.members.filter((m) => m.id !== myId).map((m) => m.displayName).join(', ') || 'Just you');
}

export function ChatsView() {
  const me = useSession();
  // The inbox refetches this after every sync, so badges follow new messages live.
  const { data, error } = useQuery(MyConversationsDocument, { fetchPolicy: 'cache-and-network' });
  usePresence();
  return (
    <section aria-labelledby="chats-title" className="stack">
      <header className="row">
        <h2 id="chats-title" className="grow">
          Messages
        </h2>
        <a className="button secondary" href="#/chats/new">
          New group
        </a>
      </header>
      {error && <p role="alert">{error.message}</p>}
      {data?.myConversations.length === 0 && <p className="muted">No conversations yet. Open someone's profile and press Message, or start a group.</p>}
      <ul className="people" aria-label="Conversations">
        {data?.myConversations.map((conversation) => {
          // A group has no one other person to picture, nor one presence to show.
          const other = conversation.kind === 'DIRECT' ? conversation.members.find((m) => m.id !== me?.user.id) : undefined;
          const title = conversationTitle(conversation, me?.user.id);
          return (
            <li key={conversation.id} className="person">
              {other && <Avatar user={other} />}
              {other && <PresenceDot online={other.online} name={other.displayName} />}
              <a className="grow" href={`#/chats/${conversation.id}`}>
                {title}
              </a>
              {conversation.unreadCount > 0 && (
                <span className="badge" aria-label={`${conversation.unreadCount} unread`}>
                  {conversation.unreadCount}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function PresenceDot({ online, name }: { online: boolean | null | undefined; name: string }) {
  // null: not a friend, so presence is not ours to know; show nothing rather than "offline".
  if (online == null) return null;
  return <span className={`dot ${online ? 'on' : 'off'}`} role="img" aria-label={`${name} is ${online ? 'online' : 'offline'}`} />;
}
