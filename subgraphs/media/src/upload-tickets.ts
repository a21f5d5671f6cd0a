import type { PrismaClient } from '@chorus/runtime';
import type { UrlSigner } from './url-signing.ts';

export const uploadTicketTtlSeconds = 15 * 60;

export interface UploadTicketModel {
  uploadUrl: string;
  expiresAt: Date;
  maxBytes: number;
}

export async function createTicket(
  db: PrismaClient,
  signer: UrlSigner,
  ownerId: string,
  publicUrl: string,
  maxBytes: number,
): Promise<UploadTicketModel> {
  const expiresAt = new Date(Date.now() + uploadTicketTtlSeconds * 1000);
  const ticket = await db.uploadTicket.create({ data: { ownerId, expiresAt } });
  return { uploadUrl: `${publicUrl}/uploads/${ticket.id}?sig=${signer.sign(`upload|${ticket.id}`)}`, expiresAt, maxBytes };
}

export type TicketCheck = { ok: true; ownerId: string } | { ok: false; status: 403 | 410; message: string };

/**
 * Checks a ticket's signature and claims it, atomically: of two uploads with
 * one ticket, one gets it. An expired or used ticket is gone (410).
 */
export async function claimTicket(db: PrismaClient, signer: UrlSigner, ticketId: string, signature: unknown): Promise<TicketCheck> {
  if (!signer.verify(`upload|${ticketId}`, typeof signature === 'string' ? signature : undefined)) {
    return { ok: false, status: 403, message: 'The upload URL is not valid.' };
  }
  const now = new Date();
  const claimed = await db.uploadTicket.updateMany({ where: { id: ticketId, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (claimed.count === 0) return { ok: false, status: 410, message: 'The upload URL has expired or was already used.' };
  const ticket = await db.uploadTicket.findUniqueOrThrow({ where: { id: ticketId } });
  return { ok: true, ownerId: ticket.ownerId };
}
