import { DateTimeScalar } from '@chorus/runtime';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { Conversation, Membership } from './Conversation.ts';
import { InboxChange, PresenceEvent, TypingEvent, User } from './live-types.ts';
import { Message } from './Message.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Subscription } from './Subscription.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Subscription,
  Conversation,
  Membership,
  Message,
  InboxChange,
  TypingEvent,
  PresenceEvent,
  User,
};
