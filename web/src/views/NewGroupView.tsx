import { useState, type FormEvent } from 'react';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { CreateGroupDocument, MyConversationsDocument, MyFollowingDocument, UserByHandleDocument } from '../gql/graphql.ts';
import { navigate } from '../router.ts';

type Picked = { id: string; displayName: string; handle: string };

/** Looks a handle up, as typed with or without its @; an error when no one has it. */
export async function findByHandle(client: ReturnType<typeof useApolloClient>, typed: string): Promise<Picked> {
  const handle = typed.trim().replace(/^@/, '').toLowerCase();
  const { data } = await client.query({ query: UserByHandleDocument, variables: { handle } });
  const user = data?.userByHandle;
  if (!user) throw new Error(`No one is called @${handle}.`);
  return user;
}

/** A group starts with a name and members: people the user follows, or anyone by handle. */
export function NewGroupView() {
  const client = useApolloClient();
  const following = useQuery(MyFollowingDocument, { fetchPolicy: 'cache-and-network' });
  const [create, creating] = useMutation(CreateGroupDocument, { refetchQueries: [MyConversationsDocument] });
  const [title, setTitle] = useState('');
  const [picked, setPicked] = useState<Picked[]>([]);
  const [handle, setHandle] = useState('');
  const [error, setError] = useState<string>();
  const people = following.data?.me?.following?.edges.map((edge) => edge.node) ?? [];
  // Added by handle but not among the people followed: listed too, so they can be unticked.
  const extra = picked.filter((p) => !people.some((user) => user.id === p.id));
  const toggle = (user: Picked, on: boolean) => setPicked((current) => (on ? [...current.filter((p) => p.id !== user.id), user] : current.filter((p) => p.id !== user.id)));

  async function addHandle() {
    setError(undefined);
    if (!handle.trim()) return;
    try {
      toggle(await findByHandle(client, handle), true);
      setHandle('');
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (picked.length === 0) return setError('Pick at least one member.');
    try {
      const { data } = await create({ variables: { input: { title: title.trim(), memberIds: picked.map((p) => p.id) } } });
      if (data) navigate(`/chats/${data.createGroup.id}`);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <section aria-labelledby="new-group-title" className="stack">
      <header className="row">
        <a href="#/chats" aria-label="Back to messages">
          ←
        </a>
        <h2 id="new-group-title">New group</h2>
      </header>
      <form className="stack" onSubmit={submit} aria-labelledby="new-group-title">
        <label>
          Group name
          <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={100} required />
        </label>
        <fieldset>
          <legend>Members</legend>
          {following.data && people.length === 0 && <p className="muted small">You follow no one yet: add members by handle.</p>}
          {[...people, ...extra].map((user) => (
            <label key={user.id} className="check">
              <input type="checkbox" checked={picked.some((p) => p.id === user.id)} onChange={(e) => toggle(user, e.currentTarget.checked)} />
              {user.displayName} <span className="muted">@{user.handle}</span>
            </label>
          ))}
          <div className="row">
            <label htmlFor="group-handle" className="visually-hidden">
              Add a member by handle
            </label>
            <input
              id="group-handle"
              className="grow"
              placeholder="Add by handle, e.g. ada"
              value={handle}
              onChange={(e) => setHandle(e.target.value)}
              onKeyDown={(e) => {
                // Enter adds the handle rather than submitting the whole form.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void addHandle();
                }
              }}
            />
            <button type="button" className="secondary" onClick={() => void addHandle()}>
              Add
            </button>
          </div>
        </fieldset>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={creating.loading}>
          Create group
        </button>
      </form>
    </section>
  );
}
