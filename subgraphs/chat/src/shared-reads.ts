import type { PrismaClient } from '@chorus/runtime';
import type { ChatServices } from './chat-services.ts';
import type { MessageRow } from './mappers.ts';

/**
 * The reads each live messageAdded subscription makes when a notice
 * arrives, shared by the subscriptions of this process. Subscribers of one
 * conversation all wake on the same notice at the same position, so
 * reading per subscriber cost two queries per member per message: a group
 * of 500 made 1,000 queries per message, which held the connection pool
 * long enough that sends timed out waiting for a transaction. Sharing only
 * reads in flight (or asked for in the same turn of the event loop) answers
 * each subscriber exactly what its own read, made a moment later, would have.
 */
export class SharedReads {
  private readonly messageReads = new Map<string, Promise<MessageRow[]>>();
  private readonly memberChecks = new Map<string, { userIds: Set<string>; members: Promise<Set<string>> }>();

  constructor(private readonly db: PrismaClient) {}

  /** Messages with after < seq ≤ upTo, in order. */
  messages(conversationId: string, after: number, upTo: number): Promise<MessageRow[]> {
    const key = `${conversationId}:${after}:${upTo}`;
    let read = this.messageReads.get(key);
    if (read === undefined) {
      // A real promise: Prisma's are lazy thenables, and this one has several consumers.
      read = (async () => this.db.message.findMany({ where: { conversationId, seq: { gt: after, lte: upTo } }, orderBy: { seq: 'asc' } }))();
      this.messageReads.set(key, read);
      const forget = () => void this.messageReads.delete(key);
      read.then(forget, forget);
    }
    return read;
  }

  /** Whether the user is (still) a member; checks of one conversation asked for in the same turn go out as one query. */
  async isMember(conversationId: string, userId: string): Promise<boolean> {
    let batch = this.memberChecks.get(conversationId);
    if (batch === undefined) {
      const userIds = new Set<string>();
      const members = new Promise<Set<string>>((resolve, reject) => {
        setImmediate(() => {
          this.memberChecks.delete(conversationId);
          this.db.conversationMember
            .findMany({ where: { conversationId, userId: { in: [...userIds] } }, select: { userId: true } })
            .then((rows) => resolve(new Set(rows.map((row) => row.userId))), reject);
        });
      });
      batch = { userIds, members };
      this.memberChecks.set(conversationId, batch);
    }
    batch.userIds.add(userId);
    return (await batch.members).has(userId);
  }
}

const perServices = new WeakMap<ChatServices, SharedReads>();

/** One SharedReads per chat service instance (its subscriptions share a database client and pub/sub). */
export function sharedReads(services: ChatServices): SharedReads {
  let reads = perServices.get(services);
  if (reads === undefined) perServices.set(services, (reads = new SharedReads(services.db)));
  return reads;
}
