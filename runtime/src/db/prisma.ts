import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';

export type { PrismaClient };
export type * as Rows from '../generated/prisma/client.ts';
export { Prisma } from '../generated/prisma/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/** The client handed to the callback of an interactive transaction. */
export type Transaction = Prisma.TransactionClient;

/**
 * Prisma Client over the `pg` driver adapter: no Rust query engine, the same
 * code for a real PostgreSQL and for the embedded PGlite behind its socket.
 */
export function createPrisma(
  databaseUrl: string,
  options: { maxConnections?: number; onQuery?: (sql: string) => void } = {},
): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  // Transactions that contend for one row (a busy conversation, a popular account) or, on the
  // embedded database, for its single session, wait their turn; Prisma's defaults (2 s to get a
  // connection, 5 s in all) turned that waiting into failed writes on a loaded machine.
  const transactionOptions = { maxWait: 10_000, timeout: 20_000 };
  if (options.onQuery === undefined) return new PrismaClient({ adapter, transactionOptions });
  // Every SQL statement, for tests that count database round trips.
  const client = new PrismaClient({ adapter, transactionOptions, log: [{ emit: 'event', level: 'query' }] });
  const onQuery = options.onQuery;
  client.$on('query', (event) => onQuery(event.query));
  return client as unknown as PrismaClient;
}

/** Readiness: the database answers a trivial query. */
export async function pingDatabase(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRaw`SELECT 1`;
}
