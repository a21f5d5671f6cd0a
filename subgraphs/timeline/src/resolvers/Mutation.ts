import { randomUUID } from 'node:crypto';
import { badUserInput, chorusError, ErrorCode, isUuid, requireId, requireText, requireUser } from '@chorus/runtime';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { enqueueFanOut } from '../fan-out.ts';
import { markRead } from '../home-timeline.ts';
import { decodePosition, homeList } from '../post-lists.ts';
import { guardStore } from '../store-errors.ts';

export const postBodyRule = { field: 'body', min: 1, max: 2000 };
export const maxMediaPerPost = 4;

export const Mutation: MutationResolvers = {
  /**
   * The post is stored durably before this returns (or TIMELINE_UNAVAILABLE
   * is raised and nothing is claimed), and is in the author's own timeline;
   * delivery to followers is queued.
   */
  async createPost(_parent, { input }, context) {
    const authorId = requireUser(context);
    const body = requireText(input.body, postBodyRule);
    const mediaIds = (input.mediaIds ?? []).map((id) => requireId(id, 'mediaIds'));
    if (mediaIds.length > maxMediaPerPost) {
      throw badUserInput(`A post may carry at most ${maxMediaPerPost} images.`, 'mediaIds');
    }
    if (new Set(mediaIds).size !== mediaIds.length) throw badUserInput('mediaIds has duplicates.', 'mediaIds');
    const post = { id: randomUUID(), authorId, body, mediaIds, createdAt: new Date(), deletedAt: null };
    await guardStore(context.store.putPost(post));
    await guardStore(enqueueFanOut(context.queue, { postId: post.id, authorId, createdAt: post.createdAt.toISOString() }));
    // Read your writes: the author's own timeline holds the post when this answers. The queued
    // fan-out pushes it there too (idempotently), so if this push fails the post still arrives.
    await context.store.pushToHomes([authorId], { postId: post.id, authorId, createdAt: post.createdAt }).catch((error: unknown) => {
      context.logger.warn({ err: error, postId: post.id }, "could not put the post in its author's timeline at once; the fan-out will");
    });
    return post;
  },

  async deletePost(_parent, { id }, context) {
    const viewerId = requireUser(context);
    if (!isUuid(id)) throw badUserInput('id is not a valid id.', 'id');
    const post = await guardStore(context.loaders.postById.load(id.toLowerCase()));
    if (post === null || post.deletedAt !== null) throw chorusError(ErrorCode.NotFound, 'That post was not found.');
    if (post.authorId !== viewerId) throw chorusError(ErrorCode.Forbidden, 'Only its author may delete a post.');
    // A tombstone, not a purge: every timeline still holding the id skips it when read.
    await guardStore(context.store.markDeleted(post.id, new Date()));
    return true;
  },

  async markTimelineRead(_parent, { upTo }, context) {
    const viewerId = requireUser(context);
    await guardStore(markRead(context, viewerId, decodePosition(homeList(viewerId), upTo)));
    return true;
  },
};
