import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '@chorus/runtime';
import { freePort } from '../../test/support/free-port.ts';

export interface GatewayProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts one of this folder's gateway entries in its own process, as the
 * supervisor starts ours, so no gateway shares an event loop with the load
 * generator. Ready once it answers a query, not merely once it listens.
 */
export async function startGatewayProcess(entry: 'stock-apollo.ts' | 'hive.ts' | 'chorus', env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  // Ours as `npm start` runs it (its entry reads its port from its own variable); the others from this folder.
  const script = entry === 'chorus' ? path.join(repoRoot, 'gateway', 'src', 'main.ts') : fileURLToPath(new URL(entry, import.meta.url));
  // The IPC channel makes the child exit if the bench dies (runUntilSignalled).
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env, BENCH_GATEWAY_PORT: String(port), CHORUS_GATEWAY_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${entry} exited during start-up (code ${child.exitCode})`);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
        signal: AbortSignal.timeout(1000),
      });
      if (response.ok) return { url, pid: child.pid!, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`${entry} was not ready within 60 s`);
}
