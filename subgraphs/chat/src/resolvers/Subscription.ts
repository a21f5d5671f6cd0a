import { requireId } from '@chorus/runtime';
import type { SubscriptionResolvers } from '../generated/resolvers-types.ts';
import { refreshLoaders, type ChatContext } from '../context.ts';
import { inboxOf, messagesOf, presenceOfFriends, typingIn } from '../live-streams.ts';

/** Each event is resolved with fresh loaders: the subscription's context lives on. */
function fresh<T>(payload: T, _args: unknown, context: ChatContext): T {
  refreshLoaders(context);
  return payload;
}

export const Subscription: SubscriptionResolvers = {
  messageAdded: {
    subscribe: (_parent, { conversationId }, context) => messagesOf(context, requireId(conversationId, 'conversationId')),
    resolve: fresh,
  },
  inboxUpdated: { subscribe: (_parent, _args, context) => inboxOf(context), resolve: fresh },
  typing: {
    subscribe: (_parent, { conversationId }, context) => typingIn(context, requireId(conversationId, 'conversationId')),
    resolve: fresh,
  },
  presenceChanged: { subscribe: (_parent, _args, context) => presenceOfFriends(context), resolve: fresh },
};
