import { randomUUID } from 'node:crypto';

/** Fresh user ids for subgraphs that know users only by reference. */
export function userIds(count: number): string[] {
  return Array.from({ length: count }, () => randomUUID());
}
