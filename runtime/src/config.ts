import path from 'node:path';
import {
  defaultGatewayPort,
  defaultSubgraphPort,
  repoRoot,
  subgraphNames,
  type SubgraphName,
} from './catalog.ts';

/**
 * Every setting Chorus reads from the environment, parsed once. The README's
 * configuration table lists the same variables; keep the two in step.
 */
export interface Config {
  /** PostgreSQL connection string; undefined means "start the embedded PGlite". */
  databaseUrl: string | undefined;
  /** Where local state lives: the embedded database, media blobs. */
  dataDir: string;
  /** Port the embedded PostgreSQL listens on for the services (0 = any free port). */
  embeddedPostgresPort: number;
  host: string;
  gatewayPort: number;
  subgraphPorts: Record<SubgraphName, number>;
  subgraphUrls: Record<SubgraphName, string>;
  /** Base URL clients use to reach media originals. */
  mediaPublicUrl: string;
  logLevel: string;
  /** Milliseconds a stopping service waits for in-flight requests. */
  shutdownGraceMs: number;
  /** Milliseconds the gateway waits for one subgraph call. */
  subgraphTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

function readPort(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${key} must be a port number (0–65535), got "${raw}"`);
  }
  return port;
}

function readPositiveInt(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${key} must be a positive integer, got "${raw}"`);
  }
  return value;
}

function envKey(name: SubgraphName, suffix: 'PORT' | 'URL'): string {
  return `CHORUS_${name.toUpperCase()}_${suffix}`;
}

export function loadConfig(env: Env = process.env): Config {
  const host = env.CHORUS_HOST || '127.0.0.1';
  const subgraphPorts = {} as Record<SubgraphName, number>;
  const subgraphUrls = {} as Record<SubgraphName, string>;
  for (const name of subgraphNames) {
    const port = readPort(env, envKey(name, 'PORT'), defaultSubgraphPort(name));
    subgraphPorts[name] = port;
    const url = env[envKey(name, 'URL')] || `http://${host}:${port}/graphql`;
    try {
      new URL(url);
    } catch {
      throw new ConfigError(`${envKey(name, 'URL')} is not a URL: "${url}"`);
    }
    subgraphUrls[name] = url;
  }
  const dataDir = path.resolve(repoRoot, env.CHORUS_DATA_DIR || '.data');
  const mediaPort = subgraphPorts.media;
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    embeddedPostgresPort: readPort(env, 'CHORUS_EMBEDDED_PG_PORT', 0),
    host,
    gatewayPort: readPort(env, 'CHORUS_GATEWAY_PORT', defaultGatewayPort),
    subgraphPorts,
    subgraphUrls,
    mediaPublicUrl: (env.CHORUS_MEDIA_PUBLIC_URL || `http://${host}:${mediaPort}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL || 'info',
    shutdownGraceMs: readPositiveInt(env, 'CHORUS_SHUTDOWN_GRACE_MS', 10_000),
    subgraphTimeoutMs: readPositiveInt(env, 'CHORUS_SUBGRAPH_TIMEOUT_MS', 10_000),
  };
}
