import { randomBytes, randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Secrets {
  /** Signs access tokens (HS256). */
  jwtSecret: string;
  /** Signs the caller identity the gateway forwards to subgraphs (HMAC-SHA256). */
  internalSecret: string;
}

export const minimumSecretLength = 32;

function readDevSecrets(file: string): Secrets {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
  if (typeof parsed.jwtSecret !== 'string' || typeof parsed.internalSecret !== 'string') {
    throw new Error(`${file} is not a Chorus development secrets file; delete it to make a new one`);
  }
  return { jwtSecret: parsed.jwtSecret, internalSecret: parsed.internalSecret };
}

/**
 * Development secrets, made once per data folder and shared by every process
 * that uses it: so `npm start` needs no configuration, yet no two machines
 * share a key. Created with link(2), which fails if another process won the
 * race, so all processes end up with the same file.
 */
export function developmentSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  try {
    return readDevSecrets(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const draft = `${file}.${randomUUID()}.tmp`;
  const secrets: Secrets = {
    jwtSecret: randomBytes(32).toString('base64url'),
    internalSecret: randomBytes(32).toString('base64url'),
  };
  writeFileSync(draft, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  return readDevSecrets(file);
}
