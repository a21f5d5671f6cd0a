import type { PostFieldsFragment } from '../gql/graphql.ts';
import { Avatar, MediaImage } from '../components/MediaImage.tsx';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function PostCard({ post }: { post: PostFieldsFragment }) {
  const author = post.author;
  const name = author?.displayName ?? 'Someone';
  return (
    <article className="post" aria-label={`Post by ${name}`}>
      <header>
        {author && <Avatar user={author} size={40} />}
        <div>
          {author ? <a href={`#/u/${author.handle}`}>{name}</a> : <span>{name}</span>}
          {author && <span className="muted"> @{author.handle}</span>}
          <div className="muted small">
            <time dateTime={post.createdAt}>{when.format(new Date(post.createdAt))}</time>
          </div>
        </div>
      </header>
      <p className="body">{post.body}</p>
      {post.media.map((media, index) => (
        <MediaImage
          key={media.id}
          media={media}
          alt={`Image ${index + 1} of ${post.media.length} in ${name}'s post: ${post.body.slice(0, 80)}`}
          sizes="(max-width: 640px) 100vw, 600px"
        />
      ))}
    </article>
  );
}
