// An embedded PostgreSQL (PGlite, i.e. Postgres compiled to WebAssembly) served
// over a local TCP port, so ordinary PostgreSQL clients (`pg`, Prisma's
// `@prisma/adapter-pg`, the schema engine) can talk to it with a plain URL.
//
// PGlite is a single-session database: the wire server lets connections take
// turns on it by whole units of work (see pglite-wire-server.ts). Good for development, tests and scratch databases;
// not for production.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { serveWireProtocol, type WireServer } from './pglite-wire-server.ts';

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
  let server: WireServer;
  try {
    server = await serveWireProtocol(db, '127.0.0.1', options.port ?? 0);
  } catch (error) {
    await db.close();
    throw error;
  }
  const port = server.port;

  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      stopping ??= (async () => {
        try {
          await server.close();
        } finally {
          if (!db.closed) await db.close();
        }
      })();
      return stopping;
    },
  };
}
