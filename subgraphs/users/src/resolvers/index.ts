import { DateTimeScalar, type Config } from '@chorus/runtime';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { createMutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { User } from './User.ts';

export function createResolvers(config: Config): Resolvers {
  return { DateTime: DateTimeScalar, Query, Mutation: createMutation(config), User };
}
