import { useState, type FormEvent } from 'react';
import { useQuery } from '@apollo/client/react';
import { FollowSuggestionsDocument } from '../gql/graphql.ts';
import { Avatar } from '../components/MediaImage.tsx';
import { navigate } from '../router.ts';
import { FollowButton } from './FollowButton.tsx';
import { FollowRequests } from './FollowRequests.tsx';

export function PeopleView() {
  const suggestions = useQuery(FollowSuggestionsDocument, { fetchPolicy: 'cache-and-network' });
  const [handle, setHandle] = useState('');
  const find = (event: FormEvent) => {
    event.preventDefault();
    const wanted = handle.trim().replace(/^@/, '').toLowerCase();
    if (wanted) navigate(`/u/${encodeURIComponent(wanted)}`);
  };
  return (
    <section aria-labelledby="people-title" className="stack">
      <h2 id="people-title">People</h2>
      <form role="search" onSubmit={find} className="row">
        <label htmlFor="find-handle" className="visually-hidden">
          Find someone by handle
        </label>
        <input id="find-handle" placeholder="Find by handle, e.g. ada" value={handle} onChange={(e) => setHandle(e.target.value)} />
        <button type="submit">Find</button>
      </form>
      <FollowRequests />
      <h3>Suggestions</h3>
      {suggestions.data?.followSuggestions.length === 0 && <p className="muted">No suggestions yet: they come from friends of your friends.</p>}
      <ul className="people">
        {suggestions.data?.followSuggestions.map(({ user, mutualFriendCount }) => (
          <li key={user.id} className="person">
            <Avatar user={user} />
            <div className="grow">
              <a href={`#/u/${user.handle}`}>{user.displayName}</a> <span className="muted">@{user.handle}</span>
              <div className="muted small">
                {mutualFriendCount} mutual {mutualFriendCount === 1 ? 'friend' : 'friends'}
              </div>
            </div>
            <FollowButton user={user} />
          </li>
        ))}
      </ul>
    </section>
  );
}
