import { chorusError, ErrorCode } from '@chorus/runtime';
import { GraphQLError } from 'graphql';

/**
 * A store failure (Cassandra down, timed out) becomes TIMELINE_UNAVAILABLE:
 * the caller learns to retry, and nothing claims to have succeeded.
 */
export async function guardStore<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof GraphQLError) throw error;
    throw chorusError(ErrorCode.TimelineUnavailable, 'Timelines are unavailable right now; try again shortly.');
  }
}
