import path from 'node:path';
import {
  defaultGatewayPort,
  defaultSubgraphPort,
  repoRoot,
  subgraphNames,
  type SubgraphName,
} from './catalog.ts';
import { developmentSecrets, minimumSecretLength, type Secrets } from './secrets.ts';

/**
 * Every setting Chorus reads from the environment, parsed once. The README's
 * configuration table lists the same variables; keep the two in step.
 */
export interface Config {
  /** PostgreSQL connection string; undefined means "start the embedded PGlite". */
  databaseUrl: string | undefined;
  /** Redis for background jobs; undefined keeps them in the SQL database. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
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
  /** Identical query fetches in flight at once, for the same viewer, share one subgraph call. */
  shareSubgraphFetches: boolean;
  /** Events one subscription may have waiting for a client that reads too slowly, before the gateway drops it. */
  subscriptionMaxPendingEvents: number;
  /** NODE_ENV=production: secrets must be configured, nothing is made up. */
  production: boolean;
  secrets: Secrets;
  /** Lifetime of an access token (JWT), seconds. */
  accessTokenTtlSeconds: number;
  /** Lifetime of a refresh token, seconds. */
  refreshTokenTtlSeconds: number;
  /** Lifetime of the signed identity the gateway forwards with one request, seconds. */
  internalTokenTtlSeconds: number;
  /** How often each subgraph polls the event log, milliseconds. */
  eventPollMs: number;
  /** First delay added to a failed login once failures pile up; doubles with each further failure. */
  loginBaseDelayMs: number;
  timeline: TimelineConfig;
  chat: ChatConfig;
  /** Per-operation limits the gateway enforces before anything else. */
  limits: OperationLimits;
  /** The gateway serves GraphiQL to browsers at /graphql (CHORUS_GRAPHIQL; off by default in production). */
  graphiql: boolean;
}

/** What one operation may ask for; every limit has its own error code. */
export interface OperationLimits {
  maxQueryBytes: number;
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  /** Fields weighted by the page sizes (`first`/`last`) of the lists they sit in. */
  maxCost: number;
  maxBatch: number;
  maxVariablesBytes: number;
}

export interface TimelineConfig {
  /** "host:port" of Cassandra; undefined keeps timelines in the SQL database. */
  cassandraContactPoint: string | undefined;
  cassandraKeyspace: string;
  /** A follower who read their timeline within this many days gets posts pushed. */
  activeDays: number;
  /** Authors with at least this many followers are never fanned out; readers pull their posts. */
  celebrityFollowers: number;
}

export interface ChatConfig {
  /** Messages one sender may send in a burst, and per second after it. */
  sendBurst: number;
  sendPerSecond: number;
  /** How long a typing indicator lasts unless renewed. */
  typingTtlMs: number;
  /** Events one subscription may have waiting in the chat subgraph before it is ended as too slow. */
  subscriptionBuffer: number;
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

function readOnOff(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(`${key} must be "on" or "off", got "${raw}"`);
}

function envKey(name: SubgraphName, suffix: 'PORT' | 'URL'): string {
  return `CHORUS_${name.toUpperCase()}_${suffix}`;
}

function readSecrets(env: Env, production: boolean, dataDir: string): Secrets {
  const jwtSecret = env.CHORUS_JWT_SECRET;
  const internalSecret = env.CHORUS_INTERNAL_SECRET;
  if (jwtSecret === undefined && internalSecret === undefined && !production) return developmentSecrets(dataDir);
  for (const [key, value] of [
    ['CHORUS_JWT_SECRET', jwtSecret],
    ['CHORUS_INTERNAL_SECRET', internalSecret],
  ] as const) {
    if (value === undefined || value.length < minimumSecretLength) {
      throw new ConfigError(`${key} must be set to at least ${minimumSecretLength} characters`);
    }
  }
  if (jwtSecret === internalSecret) throw new ConfigError('CHORUS_JWT_SECRET and CHORUS_INTERNAL_SECRET must differ');
  return { jwtSecret: jwtSecret!, internalSecret: internalSecret! };
}

function readKeyspace(env: Env): string {
  const keyspace = env.CHORUS_CASSANDRA_KEYSPACE || 'chorus';
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(keyspace)) throw new ConfigError(`CHORUS_CASSANDRA_KEYSPACE is not a keyspace name: "${keyspace}"`);
  return keyspace;
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
  const production = env.NODE_ENV === 'production';
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.CHORUS_REDIS_URL || undefined,
    redisPrefix: env.CHORUS_REDIS_PREFIX || 'chorus:',
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
    shareSubgraphFetches: readOnOff(env, 'CHORUS_SHARE_SUBGRAPH_FETCHES', true),
    subscriptionMaxPendingEvents: readPositiveInt(env, 'CHORUS_WS_MAX_PENDING_EVENTS', 1_000),
    production,
    secrets: readSecrets(env, production, dataDir),
    accessTokenTtlSeconds: readPositiveInt(env, 'CHORUS_ACCESS_TOKEN_TTL_SECONDS', 15 * 60),
    refreshTokenTtlSeconds: readPositiveInt(env, 'CHORUS_REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600),
    internalTokenTtlSeconds: readPositiveInt(env, 'CHORUS_INTERNAL_TOKEN_TTL_SECONDS', 30),
    eventPollMs: readPositiveInt(env, 'CHORUS_EVENT_POLL_MS', 250),
    loginBaseDelayMs: readPositiveInt(env, 'CHORUS_LOGIN_BASE_DELAY_MS', 250),
    limits: {
      maxQueryBytes: readPositiveInt(env, 'CHORUS_LIMIT_QUERY_BYTES', 50_000),
      maxTokens: readPositiveInt(env, 'CHORUS_LIMIT_TOKENS', 5_000),
      maxDepth: readPositiveInt(env, 'CHORUS_LIMIT_DEPTH', 15),
      maxAliases: readPositiveInt(env, 'CHORUS_LIMIT_ALIASES', 30),
      maxRootFields: readPositiveInt(env, 'CHORUS_LIMIT_ROOT_FIELDS', 10),
      maxCost: readPositiveInt(env, 'CHORUS_LIMIT_COST', 25_000),
      maxBatch: readPositiveInt(env, 'CHORUS_LIMIT_BATCH', 10),
      maxVariablesBytes: readPositiveInt(env, 'CHORUS_LIMIT_VARIABLES_BYTES', 64_000),
    },
    // A developer's tool: production turns it on deliberately or not at all.
    graphiql: readOnOff(env, 'CHORUS_GRAPHIQL', !production),
    timeline: {
      cassandraContactPoint: env.CHORUS_CASSANDRA || undefined,
      cassandraKeyspace: readKeyspace(env),
      activeDays: readPositiveInt(env, 'CHORUS_TIMELINE_ACTIVE_DAYS', 7),
      celebrityFollowers: readPositiveInt(env, 'CHORUS_TIMELINE_CELEBRITY_FOLLOWERS', 10_000),
    },
    chat: {
      sendBurst: readPositiveInt(env, 'CHORUS_CHAT_SEND_BURST', 30),
      sendPerSecond: readPositiveInt(env, 'CHORUS_CHAT_SEND_PER_SECOND', 5),
      typingTtlMs: readPositiveInt(env, 'CHORUS_CHAT_TYPING_TTL_MS', 5_000),
      subscriptionBuffer: readPositiveInt(env, 'CHORUS_CHAT_SUBSCRIPTION_BUFFER', 1_000),
    },
  };
}

/**
 * The environment that makes loadConfig() return this same config: how a
 * supervisor hands its exact configuration, secrets included, to its children.
 */
export function configToEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {
    CHORUS_HOST: config.host,
    CHORUS_DATA_DIR: config.dataDir,
    CHORUS_EMBEDDED_PG_PORT: String(config.embeddedPostgresPort),
    CHORUS_GATEWAY_PORT: String(config.gatewayPort),
    CHORUS_MEDIA_PUBLIC_URL: config.mediaPublicUrl,
    LOG_LEVEL: config.logLevel,
    CHORUS_SHUTDOWN_GRACE_MS: String(config.shutdownGraceMs),
    CHORUS_SUBGRAPH_TIMEOUT_MS: String(config.subgraphTimeoutMs),
    CHORUS_SHARE_SUBGRAPH_FETCHES: config.shareSubgraphFetches ? 'on' : 'off',
    CHORUS_WS_MAX_PENDING_EVENTS: String(config.subscriptionMaxPendingEvents),
    CHORUS_JWT_SECRET: config.secrets.jwtSecret,
    CHORUS_INTERNAL_SECRET: config.secrets.internalSecret,
    CHORUS_ACCESS_TOKEN_TTL_SECONDS: String(config.accessTokenTtlSeconds),
    CHORUS_REFRESH_TOKEN_TTL_SECONDS: String(config.refreshTokenTtlSeconds),
    CHORUS_INTERNAL_TOKEN_TTL_SECONDS: String(config.internalTokenTtlSeconds),
    CHORUS_EVENT_POLL_MS: String(config.eventPollMs),
    CHORUS_LOGIN_BASE_DELAY_MS: String(config.loginBaseDelayMs),
    CHORUS_LIMIT_QUERY_BYTES: String(config.limits.maxQueryBytes),
    CHORUS_LIMIT_TOKENS: String(config.limits.maxTokens),
    CHORUS_LIMIT_DEPTH: String(config.limits.maxDepth),
    CHORUS_LIMIT_ALIASES: String(config.limits.maxAliases),
    CHORUS_LIMIT_ROOT_FIELDS: String(config.limits.maxRootFields),
    CHORUS_LIMIT_COST: String(config.limits.maxCost),
    CHORUS_LIMIT_BATCH: String(config.limits.maxBatch),
    CHORUS_LIMIT_VARIABLES_BYTES: String(config.limits.maxVariablesBytes),
    CHORUS_GRAPHIQL: config.graphiql ? 'on' : 'off',
    CHORUS_CASSANDRA_KEYSPACE: config.timeline.cassandraKeyspace,
    CHORUS_TIMELINE_ACTIVE_DAYS: String(config.timeline.activeDays),
    CHORUS_TIMELINE_CELEBRITY_FOLLOWERS: String(config.timeline.celebrityFollowers),
    CHORUS_CHAT_SEND_BURST: String(config.chat.sendBurst),
    CHORUS_CHAT_SEND_PER_SECOND: String(config.chat.sendPerSecond),
    CHORUS_CHAT_TYPING_TTL_MS: String(config.chat.typingTtlMs),
    CHORUS_CHAT_SUBSCRIPTION_BUFFER: String(config.chat.subscriptionBuffer),
  };
  if (config.timeline.cassandraContactPoint !== undefined) env.CHORUS_CASSANDRA = config.timeline.cassandraContactPoint;
  if (config.databaseUrl !== undefined) env.DATABASE_URL = config.databaseUrl;
  if (config.redisUrl !== undefined) env.CHORUS_REDIS_URL = config.redisUrl;
  env.CHORUS_REDIS_PREFIX = config.redisPrefix;
  if (config.production) env.NODE_ENV = 'production';
  for (const name of subgraphNames) {
    env[envKey(name, 'PORT')] = String(config.subgraphPorts[name]);
    env[envKey(name, 'URL')] = config.subgraphUrls[name];
  }
  return env;
}
