import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded-postgres.ts';

// Many pooled clients against one single-session PGlite: each must see only
// its own statements' results and its own transactions' writes.
describe('embedded PostgreSQL wire server', () => {
  let embedded: EmbeddedPostgres;
  let pools: pg.Pool[];
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres({});
    pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: embedded.url, max: 4 }));
    await pools[0]!.query('CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL)');
    await pools[0]!.query('INSERT INTO counter VALUES (1, 0)');
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await embedded.stop();
  });

  it('never mixes up concurrent parameterised statements', async () => {
    const mismatches = await Promise.all(
      pools.flatMap((pool, p) =>
        Array.from({ length: 4 }, async (_, w) => {
          let bad = 0;
          for (let i = 0; i < 50; i++) {
            const tag = `${p}-${w}-${i}`;
            const { rows } = await pool.query('SELECT $1::text AS tag, $2::int * 2 AS twice', [tag, i]);
            if (rows[0].tag !== tag || rows[0].twice !== i * 2) bad++;
          }
          return bad;
        }),
      ),
    );
    expect(mismatches.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('runs concurrent read-modify-write transactions one at a time', async () => {
    const increments = 40;
    await Promise.all(
      Array.from({ length: increments }, async (_, i) => {
        const client = await pools[i % pools.length]!.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query('SELECT value FROM counter WHERE id = $1', [1]);
          await client.query('UPDATE counter SET value = $1 WHERE id = $2', [rows[0].value + 1, 1]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }),
    );
    const { rows } = await pools[0]!.query('SELECT value FROM counter WHERE id = 1');
    expect(rows[0].value).toBe(increments);
  });

  it('rolls back the open transaction of a client that disconnects', async () => {
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('UPDATE counter SET value = -1 WHERE id = 1');
    await client.end();
    const { rows } = await pools[1]!.query('SELECT value FROM counter WHERE id = 1');
    expect(rows[0].value).not.toBe(-1);
  });
});
