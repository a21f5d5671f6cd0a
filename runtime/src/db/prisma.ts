import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';

export type { PrismaClient };
export type * as Rows from '../generated/prisma/client.ts';
export { Prisma } from '../generated/prisma/client.ts';

/**
 * Prisma Client over the `pg` driver adapter: no Rust query engine, the same
 * code for a real PostgreSQL and for the embedded PGlite behind its socket.
 */
export function createPrisma(databaseUrl: string, options: { maxConnections?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}

/** Readiness: the database answers a trivial query. */
export async function pingDatabase(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRaw`SELECT 1`;
}
