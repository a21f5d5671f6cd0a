import type { ChatConfig, JobQueue, Logger, PrismaClient, PubSub, Transaction } from '@chorus/runtime';
import { diffusionQueue, type DiffusionJob } from './changes.ts';
import type { PresenceTracker } from './presence.ts';
import type { TypingIndicators } from './typing.ts';

/** What chat's resolvers and workers share for the life of the process. */
export interface ChatServices {
  db: PrismaClient;
  queue: JobQueue;
  pubsub: PubSub;
  presence: PresenceTracker;
  typing: TypingIndicators;
  logger: Logger;
  settings: ChatSettings;
}

export interface ChatSettings extends ChatConfig {
  /** Signs sync tokens, so a client cannot make up positions. */
  syncSecret: string;
}

/**
 * Runs a change of a conversation in one transaction and makes sure write
 * diffusion picks it up: a SQL queue takes the job in the same transaction;
 * Redis cannot, so the job goes in right after the commit (a crash between
 * the two is covered by the next change of that conversation, which diffuses
 * everything up to it, and by the sweep when workers start).
 */
export async function changeConversation<T>(
  services: Pick<ChatServices, 'db' | 'queue'>,
  conversationId: string,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const { db, queue } = services;
  const job: DiffusionJob = { conversationId };
  const inTransaction = queue.kind === 'sql';
  // Changes of one busy conversation queue on its row lock (createPrisma allows for the wait).
  const result = await db.$transaction(async (tx) => {
    const value = await work(tx);
    if (inTransaction) await queue.enqueue(diffusionQueue, job, tx);
    return value;
  });
  if (!inTransaction) await queue.enqueue(diffusionQueue, job);
  return result;
}
