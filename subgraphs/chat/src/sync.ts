import { badUserInput } from '@chorus/runtime';
import type { ChatContext } from './context.ts';
import type { SyncResultModel } from './mappers.ts';
import { decodeSyncToken, encodeSyncToken, type SyncPosition } from './sync-token.ts';

export const maxSyncLimit = 500;

/**
 * Store-and-forward sync: the changes of the caller's inbox after the
 * token's position, in inbox order. The new token is the position of the
 * last change returned, so a client that never saw this answer (it was
 * offline, the connection dropped) gets the same changes again next time,
 * and one that did gets none of them twice.
 */
export async function sync(context: ChatContext, viewerId: string, token: string | null | undefined, limit: number): Promise<SyncResultModel> {
  if (!Number.isInteger(limit) || limit < 1 || limit > maxSyncLimit) throw badUserInput(`limit must be between 1 and ${maxSyncLimit}.`, 'limit');
  const { syncSecret } = context.services.settings;
  const since: SyncPosition = token == null ? { inbox: 0, contacts: 0, account: 0 } : decodeSyncToken(syncSecret, viewerId, token);
  const [entries, state] = await Promise.all([
    context.db.inboxEntry.findMany({
      where: { userId: viewerId, seq: { gt: since.inbox } },
      orderBy: { seq: 'asc' },
      take: limit + 1,
    }),
    context.db.chatUserState.findUnique({ where: { userId: viewerId }, select: { contactsVersion: true, accountVersion: true } }),
  ]);
  const changes = entries.slice(0, limit);
  const contacts = state?.contactsVersion ?? 0;
  const account = state?.accountVersion ?? 0;
  const next: SyncPosition = { inbox: changes.at(-1)?.seq ?? since.inbox, contacts, account };
  return {
    changes,
    contactsChanged: contacts !== since.contacts,
    accountChanged: account !== since.account,
    token: encodeSyncToken(syncSecret, viewerId, next),
    hasMore: entries.length > limit,
  };
}
