import { DateTimeScalar } from '@chorus/runtime';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { Media } from './Media.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, Mutation, Media };
