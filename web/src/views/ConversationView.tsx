import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useApolloClient, useMutation, useQuery, useSubscription } from '@apollo/client/react';
import {
  AddGroupMembersDocument,
  ConversationMessagesDocument,
  type ConversationMessagesQuery,
  LeaveGroupDocument,
  MarkReadDocument,
  MessageAddedDocument,
  MyConversationsDocument,
  SendDirectMessageDocument,
  SendMessageDocument,
  SetTypingDocument,
  TypingDocument,
} from '../gql/graphql.ts';
import { useInbox, useMessages } from '../chat/InboxProvider.tsx';
import { navigate } from '../router.ts';
import { useSession } from '../session.ts';
import { conversationTitle, PresenceDot } from './ChatsView.tsx';
import { findByHandle } from './NewGroupView.tsx';
import { usePresence } from './presence.ts';

const when = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

function newClientMessageId(): string {
  return `web-${crypto.randomUUID()}`;
}

export function ConversationView({ conversationId }: { conversationId: string }) {
  const me = useSession();
  const inbox = useInbox();
  const { data, error } = useQuery(ConversationMessagesDocument, { variables: { id: conversationId }, fetchPolicy: 'network-only' });
  const conversation = data?.conversation;
  useEffect(() => {
    if (conversation) inbox.add(conversation.id, conversation.messages);
  }, [conversation, inbox]);
  useSubscription(MessageAddedDocument, {
    variables: { conversationId },
    onData: ({ data: event }) => {
      const message = event.data?.messageAdded;
      if (message) inbox.add(conversationId, [message]);
    },
  });
  usePresence();
  const messages = useMessages(conversationId);
  const typing = useTyping(conversationId, me?.user.id);

  // Whatever is shown is read: the list's badge and the unread total drop.
  const [markRead] = useMutation(MarkReadDocument, { refetchQueries: [MyConversationsDocument] });
  const lastSeq = messages.at(-1)?.seq ?? 0;
  useEffect(() => {
    if (lastSeq > 0) void markRead({ variables: { conversationId, seq: lastSeq } }).catch(() => {});
  }, [conversationId, lastSeq, markRead]);

  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [messages.length]);

  const [send] = useMutation(SendMessageDocument);
  const [setTyping] = useMutation(SetTypingDocument);

  if (error) return <p role="alert">{error.message}</p>;
  if (!conversation) return <p aria-busy="true">Loading…</p>;
  const others = conversation.members.filter((m) => m.id !== me?.user.id);
  return (
    <section aria-labelledby="conversation-title" className="conversation">
      <header className="row">
        <a href="#/chats" aria-label="Back to messages">
          ←
        </a>
        <h2 id="conversation-title" className="grow">
          {conversationTitle(conversation, me?.user.id)}
        </h2>
        {conversation.kind === 'DIRECT' &&
          others.map((member) => <PresenceDot key={member.id} online={member.online} name={member.displayName} />)}
      </header>
      {conversation.kind === 'GROUP' && <GroupMembers conversation={conversation} myId={me?.user.id} />}
      <ol ref={list} className="messages" aria-label="Messages" aria-live="polite">
        {messages.map((message) => (
          <li key={message.seq} className={message.sender?.id === me?.user.id ? 'mine' : 'theirs'} data-seq={message.seq}>
            <span className="visually-hidden">{message.sender?.displayName ?? 'Someone'}: </span>
            <span className="text">{message.deleted ? <em>deleted</em> : message.body}</span>
            <time className="muted small" dateTime={message.createdAt}>
              {when.format(new Date(message.createdAt))}
            </time>
          </li>
        ))}
      </ol>
      <p className="typing muted small" aria-live="polite">
        {typing.length > 0 ? `${typing.join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing…` : '\u00a0'}
      </p>
      <MessageForm
        onTyping={() => void setTyping({ variables: { conversationId } }).catch(() => {})}
        onSend={async (body) => {
          const { data: sent } = await send({ variables: { input: { conversationId, body, clientMessageId: newClientMessageId() } } });
          if (sent) inbox.add(conversationId, [sent.sendMessage]);
        }}
      />
    </section>
  );
}

type Group = NonNullable<ConversationMessagesQuery['conversation']>;
const roleNames = { OWNER: 'owner', ADMIN: 'admin', MEMBER: undefined } as const;

/** A group's members, folded away by default; admins add people by handle, and anyone may leave. */
function GroupMembers({ conversation, myId }: { conversation: Group; myId: string | undefined }) {
  const client = useApolloClient();
  const [add, adding] = useMutation(AddGroupMembersDocument);
  const [leave, leaving] = useMutation(LeaveGroupDocument, { refetchQueries: [MyConversationsDocument] });
  const [handle, setHandle] = useState('');
  const [error, setError] = useState<string>();
  const roleOf = new Map(conversation.memberships.map((m) => [m.user.id, m.role]));
  // Memberships come in join order: the owner, as a rule, first.
  const order = conversation.memberships.map((m) => m.user.id);
  const members = [...conversation.members].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const mayAdd = conversation.viewerRole === 'OWNER' || conversation.viewerRole === 'ADMIN';
  const count = conversation.members.length;

  async function run(work: () => Promise<unknown>) {
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <details className="group-members">
      <summary>
        {count} {count === 1 ? 'member' : 'members'}
      </summary>
      <ul className="people" aria-label="Group members">
        {members.map((member) => {
          const role = roleNames[roleOf.get(member.id) ?? 'MEMBER'];
          return (
            <li key={member.id} className="person">
              <a className="grow" href={`#/u/${member.handle}`}>
                {member.id === myId ? `${member.displayName} (you)` : member.displayName}
              </a>
              {role && <span className="muted small">{role}</span>}
            </li>
          );
        })}
      </ul>
      {mayAdd && (
        <form
          className="row"
          aria-label="Add a member"
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () => {
              const user = await findByHandle(client, handle);
              await add({ variables: { conversationId: conversation.id, userIds: [user.id] } });
              setHandle('');
            });
          }}
        >
          <label htmlFor="add-member" className="visually-hidden">
            Add a member by handle
          </label>
          <input id="add-member" className="grow" placeholder="Add by handle" value={handle} onChange={(e) => setHandle(e.target.value)} required />
          <button type="submit" className="secondary" disabled={adding.loading}>
            Add
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p>
        <button
          className="secondary"
          disabled={leaving.loading}
          onClick={() =>
            void run(async () => {
              await leave({ variables: { conversationId: conversation.id } });
              navigate('/chats');
            })
          }
        >
          Leave group
        </button>
      </p>
    </details>
  );
}

/** The first message to someone creates the conversation; then the view moves to it. */
export function DirectView({ userId }: { userId: string }) {
  const me = useSession();
  const existing = useQuery(MyConversationsDocument);
  const [send] = useMutation(SendDirectMessageDocument, { refetchQueries: [MyConversationsDocument] });
  const found = existing.data?.myConversations.find((c) => c.kind === 'DIRECT' && c.members.some((m) => m.id === userId) && c.members.some((m) => m.id === me?.user.id));
  useEffect(() => {
    if (found) navigate(`/chats/${found.id}`);
  }, [found]);
  if (existing.loading) return <p aria-busy="true">Loading…</p>;
  return (
    <section className="conversation" aria-label="New conversation">
      <h2>New message</h2>
      <MessageForm
        onSend={async (body) => {
          const { data } = await send({ variables: { input: { toUserId: userId, body, clientMessageId: newClientMessageId() } } });
          if (data) navigate(`/chats/${data.sendDirectMessage.conversation.id}`);
        }}
      />
    </section>
  );
}

function MessageForm({ onSend, onTyping }: { onSend(body: string): Promise<void>; onTyping?(): void }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<string>();
  const lastTyping = useRef(0);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    setError(undefined);
    try {
      await onSend(text);
      setBody('');
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }
  return (
    <form className="row send" onSubmit={submit} aria-label="Send a message">
      <label htmlFor="message-body" className="visually-hidden">
        Message
      </label>
      <input
        id="message-body"
        className="grow"
        autoComplete="off"
        maxLength={4000}
        value={body}
        placeholder="Message"
        onChange={(event) => {
          setBody(event.target.value);
          // The server's indicator lasts a few seconds: renew it at most every two.
          if (onTyping && Date.now() - lastTyping.current > 2000) {
            lastTyping.current = Date.now();
            onTyping();
          }
        }}
      />
      <button type="submit">Send</button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

function useTyping(conversationId: string, myId: string | undefined): string[] {
  const [typing, setTyping] = useState<Record<string, string>>({});
  useSubscription(TypingDocument, {
    variables: { conversationId },
    onData: ({ data }) => {
      const event = data.data?.typing;
      if (!event || event.user.id === myId) return;
      setTyping((current) => {
        const next = { ...current };
        if (event.typing) next[event.user.id] = event.user.displayName;
        else delete next[event.user.id];
        return next;
      });
    },
  });
  return Object.values(typing);
}
