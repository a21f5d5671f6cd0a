import { badUserInput, decodeCursor, requireId, requirePageSize, requireUser, toPage } from '@chorus/runtime';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { maxSuggestions, suggestFollows } from '../suggestions.ts';
import { requireListAccess } from '../visibility.ts';
import { requireListPageSize } from '../lists.ts';
import { friendListVersion } from './User.ts';

export const Query: QueryResolvers = {
  followSuggestions(_parent, { first }, context) {
    const viewerId = requireUser(context);
    return suggestFollows(context.db, viewerId, requirePageSize(first, 10, { max: maxSuggestions }));
  },

  async followRequests(_parent, { first, after }, context) {
    const viewerId = requireUser(context);
    const size = requireListPageSize(first);
    const list = `requests:${viewerId}`;
    const position = after == null ? null : decodeCursor(list, after);
    const rows = await context.db.followRequest.findMany({
      where: {
        targetId: viewerId,
        ...(position === null
          ? {}
          : {
              OR: [
                { createdAt: { lt: position.createdAt } },
                { createdAt: position.createdAt, requesterId: { lt: position.id } },
              ],
            }),
      },
      orderBy: [{ createdAt: 'desc' }, { requesterId: 'desc' }],
      take: size + 1,
    });
    return toPage(
      list,
      rows,
      size,
      (row) => ({ createdAt: row.createdAt, id: row.requesterId }),
      (row) => ({ id: row.requesterId }),
    );
  },

  async friendListChanged(_parent, { userId, since }, context) {
    const id = requireId(userId, 'userId');
    if (since.length > 40) throw badUserInput('since is not a friend-list version.', 'since');
    await requireListAccess(context, id);
    const version = await friendListVersion(context, id);
    return { changed: version !== since, version };
  },
};
