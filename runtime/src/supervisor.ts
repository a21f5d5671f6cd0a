import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot, subgraphEntryPath, subgraphNames, type SubgraphName } from './catalog.ts';
import { configToEnv, type Config } from './config.ts';
import type { Logger } from './logger.ts';
import { openDatabase } from './db/database.ts';
import { applyMigrations } from './db/migrations.ts';

export type ServiceName = SubgraphName | 'gateway';

export interface SystemOptions {
  config: Config;
  logger: Logger;
  /** Extra environment for every child (e.g. LOG_LEVEL in tests). */
  env?: Record<string, string>;
  /** Where children write stdout/stderr; defaults to this process's. */
  stdio?: 'inherit' | 'ignore';
  readyTimeoutMs?: number;
}

export interface RunningSystem {
  gatewayUrl: string;
  databaseUrl: string;
  /** Kills one service's process abruptly (SIGKILL), as a crash would. */
  kill(name: ServiceName): Promise<void>;
  /** Starts a service again after kill(). */
  restart(name: ServiceName): Promise<void>;
  /** The process id of a running service (benchmarks read its CPU time). */
  pid(name: ServiceName): number | undefined;
  stop(): Promise<void>;
}

const gatewayEntryPath = path.join(repoRoot, 'gateway', 'src', 'main.ts');

function readyUrl(config: Config, name: ServiceName): string {
  const port = name === 'gateway' ? config.gatewayPort : config.subgraphPorts[name];
  return `http://${config.host}:${port}/readyz`;
}

async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Runs the whole system as separate processes — five subgraphs, then the
 * gateway — over one database: the embedded PGlite (served on a local port to
 * all of them) unless DATABASE_URL names a real PostgreSQL.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { config, logger } = options;
  const database = await openDatabase(config, logger);
  if (!database.embedded) {
    const applied = await applyMigrations(database.url);
    logger.info({ applied }, 'migrations applied');
  }
  const children = new Map<ServiceName, ChildProcess>();
  let stopping = false;

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...configToEnv(config),
    // Children use the database the supervisor opened (the embedded one included).
    DATABASE_URL: database.url,
    ...options.env,
  };

  async function waitReady(name: ServiceName, child: ChildProcess): Promise<void> {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${name} exited during start-up (code ${child.exitCode ?? child.signalCode})`);
      }
      try {
        const response = await fetch(readyUrl(config, name), { signal: AbortSignal.timeout(1000) });
        // The gateway is up once it answers; its readiness also needs the subgraphs.
        if (response.ok || (name === 'gateway' && response.status === 503)) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${name} was not ready in time`);
  }

  async function launch(name: ServiceName): Promise<void> {
    const entry = name === 'gateway' ? gatewayEntryPath : subgraphEntryPath(name);
    // The IPC channel lets a child notice when the supervisor dies and exit too.
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: repoRoot,
      env: childEnv,
      stdio: [options.stdio ?? 'inherit', options.stdio ?? 'inherit', options.stdio ?? 'inherit', 'ipc'],
    });
    children.set(name, child);
    child.once('exit', (code, signal) => {
      if (!stopping) logger.warn({ service: name, code, signal }, 'service exited');
    });
    await waitReady(name, child);
  }

  async function terminate(name: ServiceName, signal: NodeJS.Signals): Promise<void> {
    const child = children.get(name);
    if (child === undefined) return;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    if (!(await waitForExit(child, config.shutdownGraceMs + 2000))) {
      logger.warn({ service: name }, 'did not stop in time; killing');
      child.kill('SIGKILL');
      await waitForExit(child, 5000);
    }
    children.delete(name);
  }

  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    // Gateway first, so no request arrives at a subgraph that is going away.
    await terminate('gateway', 'SIGTERM');
    await Promise.all(subgraphNames.map((name) => terminate(name, 'SIGTERM')));
    await database.stop();
  }

  try {
    await Promise.all(subgraphNames.map(launch));
    await launch('gateway');
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    gatewayUrl: `http://${config.host}:${config.gatewayPort}/graphql`,
    databaseUrl: database.url,
    kill: (name) => terminate(name, 'SIGKILL'),
    restart: async (name) => {
      await terminate(name, 'SIGTERM');
      await launch(name);
    },
    pid: (name) => children.get(name)?.pid,
    stop,
  };
}
