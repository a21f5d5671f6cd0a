import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import cassandra from 'cassandra-driver';

/** Splits a CQL file into statements: `;` at a line end ends one; `--` lines are comments. */
export function cqlStatements(text: string): string[] {
  const withoutComments = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/**
 * Applies the versioned `NNN_name.cql` files of `dir` that the keyspace has
 * not seen, in order, recording each in `schema_migrations`. Creates the
 * keyspace (SimpleStrategy, the given replication factor) if needed.
 */
export async function applyCqlMigrations(
  client: cassandra.Client,
  keyspace: string,
  dir: string,
  replicationFactor = 1,
): Promise<string[]> {
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(keyspace)) throw new Error(`not a keyspace name: ${keyspace}`);
  await client.execute(
    `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${replicationFactor}}`,
  );
  await client.execute(`CREATE TABLE IF NOT EXISTS ${keyspace}.schema_migrations (version text PRIMARY KEY, applied_at timestamp)`);
  const applied = new Set(
    (await client.execute(`SELECT version FROM ${keyspace}.schema_migrations`)).rows.map((row) => row.get('version') as string),
  );
  const files = (await readdir(dir)).filter((file) => /^\d+_[a-z0-9_]+\.cql$/.test(file)).sort();
  const done: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.cql$/, '');
    if (applied.has(version)) continue;
    for (const statement of cqlStatements(await readFile(path.join(dir, file), 'utf8'))) {
      // Statements name tables unqualified; they are run against the keyspace.
      await client.execute(statement.replace(/\b(CREATE TABLE IF NOT EXISTS|ALTER TABLE|DROP TABLE IF EXISTS) (\w+)/, `$1 ${keyspace}.$2`));
    }
    await client.execute(`INSERT INTO ${keyspace}.schema_migrations (version, applied_at) VALUES (?, ?)`, [version, new Date()], {
      prepare: true,
    });
    done.push(version);
  }
  return done;
}
