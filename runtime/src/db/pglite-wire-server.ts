import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const sslRequestCode = 80877103;
const gssEncRequestCode = 80877104;
const cancelRequestCode = 80877102;

/** Messages after which a client waits for the server: the end of one unit of work. */
const batchEnd = new Set(['S', 'Q', 'H']);

export interface WireServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves one PGlite to many PostgreSQL clients over TCP.
 *
 * PGlite is a single session, so connections must take turns. They take
 * turns by whole units of work — a simple Query, or an extended-protocol
 * Parse…Sync batch — and a connection inside a transaction keeps its turn
 * until the transaction ends. Interleaving individual messages (as
 * pglite-socket 0.2 does) lets one connection's Bind hit another's unnamed
 * statement, which under concurrency returns wrong rows ("portal does not
 * exist"); this server exists to rule that out.
 */
export async function serveWireProtocol(db: PGlite, host: string, port: number): Promise<WireServer> {
  let owner: Connection | null = null;
  const waiting: (() => void)[] = [];

  async function acquire(connection: Connection): Promise<void> {
    while (owner !== null && owner !== connection) await new Promise<void>((resolve) => waiting.push(resolve));
    owner = connection;
  }

  function releaseUnlessInTransaction(connection: Connection): void {
    if (owner !== connection || db.isInTransaction()) return;
    owner = null;
    waiting.splice(0).forEach((wake) => wake());
  }

  async function exec(connection: Connection, message: Uint8Array): Promise<void> {
    await db.runExclusive(() =>
      db.execProtocolRawStream(message, { onRawData: (chunk) => connection.write(chunk) }),
    );
  }

  class Connection {
    private buffer = Buffer.alloc(0);
    private started = false;
    private chain: Promise<void> = Promise.resolve();
    private batch: Uint8Array[] = [];
    closed = false;

    constructor(private readonly socket: net.Socket) {
      socket.setNoDelay(true);
      socket.on('data', (data) => this.receive(data));
      socket.on('close', () => void this.onClose());
      socket.on('error', () => socket.destroy());
    }

    write(chunk: Uint8Array): void {
      if (!this.closed && chunk.length > 0) this.socket.write(chunk);
    }

    private receive(data: Buffer): void {
      this.buffer = Buffer.concat([this.buffer, data]);
      for (;;) {
        if (!this.started) {
          if (this.buffer.length < 8) return;
          const length = this.buffer.readInt32BE(0);
          if (this.buffer.length < length) return;
          const message = this.buffer.subarray(0, length);
          this.buffer = this.buffer.subarray(length);
          const code = message.readInt32BE(4);
          if (code === sslRequestCode || code === gssEncRequestCode) {
            this.socket.write('N');
          } else if (code === cancelRequestCode) {
            this.socket.end();
            return;
          } else {
            this.started = true;
            this.schedule([new Uint8Array(message)]);
          }
          continue;
        }
        if (this.buffer.length < 5) return;
        const length = 1 + this.buffer.readInt32BE(1);
        if (this.buffer.length < length) return;
        const type = String.fromCharCode(this.buffer[0]!);
        const message = new Uint8Array(this.buffer.subarray(0, length));
        this.buffer = this.buffer.subarray(length);
        if (type === 'X') {
          this.socket.end();
          return;
        }
        this.batch.push(message);
        if (batchEnd.has(type)) this.schedule(this.batch.splice(0));
      }
    }

    /** Runs batches of one connection in order, each as one turn on the database. */
    private schedule(messages: Uint8Array[]): void {
      this.chain = this.chain.then(async () => {
        if (this.closed) return;
        await acquire(this);
        try {
          for (const message of messages) await exec(this, message);
        } catch {
          this.socket.destroy();
        } finally {
          releaseUnlessInTransaction(this);
        }
      });
    }

    private async onClose(): Promise<void> {
      this.closed = true;
      await this.chain;
      if (owner !== this) return;
      // A client that vanished mid-transaction must not leave it open for everyone else.
      if (db.isInTransaction()) await db.exec('ROLLBACK').catch(() => {});
      owner = null;
      waiting.splice(0).forEach((wake) => wake());
    }
  }

  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new Connection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
