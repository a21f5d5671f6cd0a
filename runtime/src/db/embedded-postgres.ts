// An embedded PostgreSQL (PGlite, i.e. Postgres compiled to WebAssembly) served
// over a local TCP port, so ordinary PostgreSQL clients (`pg`, Prisma's
// `@prisma/adapter-pg`, the schema engine) can talk to it with a plain URL.
//
// PGlite is a single-session database: the socket server queues the queries of
// all connections onto it. Good for development, tests and scratch databases;
// not for production.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgresOptions {
  /** Where to persist the data. Undefined = in memory (lost on stop). Created if missing. */
  dataDir?: string;
  /** TCP port on 127.0.0.1. Undefined or 0 = any free port. */
  port?: number;
}

export interface EmbeddedPostgres {
  /** Connection string, e.g. `postgres://postgres@127.0.0.1:54321/postgres`. */
  url: string;
  /** Stops the socket server and closes the database (flushing it to `dataDir`). Idempotent. */
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  let dataDir: string | undefined;
  if (options.dataDir !== undefined) {
    dataDir = path.resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
  }

  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: 100,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }

  // getServerConn() is "host:port"; with port 0 the real port is known only after start().
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port <= 0) {
    await server.stop();
    await db.close();
    throw new Error(`Unexpected PGlite socket server address: ${conn}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      stopping ??= (async () => {
        try {
          await server.stop();
        } finally {
          if (!db.closed) await db.close();
        }
      })();
      return stopping;
    },
  };
}
