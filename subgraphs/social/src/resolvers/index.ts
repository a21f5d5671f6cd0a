import type { Resolvers } from '../generated/resolvers-types.ts';
import { Mutation } from './Mutation.ts';
import { User } from './User.ts';

export const resolvers: Resolvers = { Mutation, User };
