import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@chorus/runtime';

function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface CreatedKey {
  id: string;
  /** Shown once: only its hash is stored. */
  key: string;
}

export async function createApiKey(db: PrismaClient, name: string, ratePerMinute: number): Promise<CreatedKey> {
  if (!Number.isInteger(ratePerMinute) || ratePerMinute < 1 || ratePerMinute > 100_000) throw new Error('rate must be 1–100000 per minute');
  const key = `chorus_${randomBytes(24).toString('base64url')}`;
  const row = await db.apiKey.create({ data: { name: name.slice(0, 100), keyHash: hashOf(key), ratePerMinute } });
  return { id: row.id, key };
}

export async function revokeApiKey(db: PrismaClient, id: string): Promise<boolean> {
  return (await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } })).count > 0;
}

/** The key's row if it exists and is not revoked. */
export async function findActiveKey(db: PrismaClient, key: string) {
  if (key.length > 200) return null;
  const row = await db.apiKey.findUnique({ where: { keyHash: hashOf(key) } });
  return row === null || row.revokedAt !== null ? null : row;
}
