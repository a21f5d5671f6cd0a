import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, subgraphNames } from '@chorus/runtime';
import { freePort } from '../support/free-port.ts';

interface Started {
  child: ChildProcess;
  ports: number[];
  gatewayUrl: string;
  dataDir: string;
}

const started: Started[] = [];

/** Runs scripts/start.ts exactly as `npm start` does and waits for its banner. */
async function npmStart(): Promise<Started> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, CHORUS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const ports: number[] = [];
  // WEB: the web client's server, which npm start also runs.
  for (const key of ['GATEWAY', 'WEB', ...subgraphNames.map((name) => name.toUpperCase())]) {
    const port = await freePort();
    env[`CHORUS_${key}_PORT`] = String(port);
    ports.push(port);
  }
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'start.ts')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const entry = { child, ports, dataDir, gatewayUrl: '' };
  started.push(entry);
  entry.gatewayUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL gateway: (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited early (${code}): ${output}`)));
  });
  return entry;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function eventuallyClosed(ports: number[], timeoutMs = 15_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = (await Promise.all(ports.map(async (port) => ((await listening(port)) ? port : null)))).filter(
      (port): port is number => port !== null,
    );
    if (open.length === 0 || Date.now() > deadline) return open;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

afterEach(async () => {
  for (const entry of started.splice(0)) {
    if (entry.child.exitCode === null) entry.child.kill('SIGKILL');
    await rm(entry.dataDir, { recursive: true, force: true });
  }
});

describe('npm start', () => {
  it('serves the gateway, then stops every process on SIGTERM', async () => {
    const system = await npmStart();
    const response = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ recentPosts { edges { cursor } } }' }),
    });
    expect(await response.json()).toEqual({ data: { recentPosts: { edges: [] } } });
    for (const port of system.ports) expect(await listening(port)).toBe(true);

    system.child.kill('SIGTERM');
    expect(await exited(system.child)).toBe(0);
    expect(await eventuallyClosed(system.ports, 1000)).toEqual([]);
  });

  it('leaves no orphans when the supervisor itself is killed', async () => {
    const system = await npmStart();
    system.child.kill('SIGKILL');
    // Each child watches its IPC channel to the supervisor and exits when it closes.
    expect(await eventuallyClosed(system.ports)).toEqual([]);
  });
});
