import { forbidden } from '@chorus/runtime';
import type { TimelineContext } from './context.ts';
import type { PostRow } from './mappers.ts';

/** A post whose author blocks the caller, or is blocked by them, is to the caller no post at all. */
export async function visiblePost(context: TimelineContext, post: PostRow | null): Promise<PostRow | null> {
  if (post === null || post.deletedAt !== null) return null;
  return (await context.blockedEitherWay()).has(post.authorId) ? null : post;
}

export async function requireAuthorVisible(context: TimelineContext, authorId: string): Promise<void> {
  if ((await context.blockedEitherWay()).has(authorId)) throw forbidden("You cannot see this user's posts.");
}
