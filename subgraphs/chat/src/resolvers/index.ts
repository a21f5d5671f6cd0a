import { DateTimeScalar } from '@chorus/runtime';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { Conversation } from './Conversation.ts';
import { Message } from './Message.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, Mutation, Conversation, Message };
