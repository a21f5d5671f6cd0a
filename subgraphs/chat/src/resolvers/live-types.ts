import type { InboxChangeResolvers, PresenceEventResolvers, TypingEventResolvers, UserResolvers } from '../generated/resolvers-types.ts';
import { areFriends } from '../contacts.ts';

export const InboxChange: InboxChangeResolvers = {
  inboxSeq: (entry) => entry.seq,
  async conversation(entry, _args, { loaders }) {
    // Someone who left still learns that they left, but no longer sees the conversation.
    if ((await loaders.viewerMembership.load(entry.conversationId)) === null) return null;
    return loaders.conversationById.load(entry.conversationId);
  },
  async message(entry, _args, { loaders }) {
    if (entry.messageId === null || (await loaders.viewerMembership.load(entry.conversationId)) === null) return null;
    return loaders.messageById.load(entry.messageId);
  },
  user: (entry) => (entry.memberId === null ? null : { id: entry.memberId }),
};

export const TypingEvent: TypingEventResolvers = {
  user: (event) => ({ id: event.userId }),
};

export const PresenceEvent: PresenceEventResolvers = {
  user: (event) => ({ id: event.userId }),
};

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  async online(user, _args, context) {
    const viewerId = context.viewerId;
    if (viewerId === null) return null;
    if (user.id !== viewerId && !(await areFriends(context.db, viewerId, user.id))) return null;
    return (await context.services.presence.online([user.id])).has(user.id);
  },
};
