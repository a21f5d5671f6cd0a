import { createHmac, timingSafeEqual } from 'node:crypto';
import { chorusError, ErrorCode } from '@chorus/runtime';

/** Per-kind positions a client has seen; the server alone makes them. */
export interface SyncPosition {
  /** Inbox position: every change of every conversation up to here was delivered. */
  inbox: number;
  /** Contacts version the client last saw. */
  contacts: number;
  /** Account version the client last saw. */
  account: number;
}

const version = 's2';
const maxTokenLength = 256;

function mac(secret: string, userId: string, body: string): string {
  // The user id is signed but not carried: a token is worthless to anyone else.
  return createHmac('sha256', secret).update(`${version}.${userId}.${body}`).digest('base64url');
}

export function encodeSyncToken(secret: string, userId: string, position: SyncPosition): string {
  const body = Buffer.from(JSON.stringify([position.inbox, position.contacts, position.account])).toString('base64url');
  return `${version}.${body}.${mac(secret, userId, body)}`;
}

function invalid(): Error {
  return chorusError(ErrorCode.InvalidSyncToken, 'The sync token is not valid for you. Sync again without a token.');
}

export function decodeSyncToken(secret: string, userId: string, token: string): SyncPosition {
  if (token.length > maxTokenLength) throw invalid();
  const [tag, body, signature, ...rest] = token.split('.');
  if (tag !== version || body === undefined || signature === undefined || rest.length > 0) throw invalid();
  const expected = Buffer.from(mac(secret, userId, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  const parsed = JSON.parse(Buffer.from(body, 'base64url').toString()) as unknown;
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((n) => Number.isSafeInteger(n) && n >= 0)) throw invalid();
  return { inbox: parsed[0] as number, contacts: parsed[1] as number, account: parsed[2] as number };
}
