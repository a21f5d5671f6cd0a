import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger, loadConfig, subgraphNames } from '@chorus/runtime';
import { startSystem, type RunningSystem } from '@chorus/runtime/supervisor';
import { freePort } from './free-port.ts';
import type { GraphQLResult } from './subgraph-harness.ts';
import { testSecrets } from './secrets.ts';

export interface TestSystem extends RunningSystem {
  /** Base URL of a service, e.g. http://127.0.0.1:PORT */
  baseUrl(name: 'gateway' | (typeof subgraphNames)[number]): string;
  /** POSTs an operation to the gateway with `accessToken` as bearer (or anonymously). */
  query(query: string, variables?: Record<string, unknown>, accessToken?: string): Promise<GraphQLResult>;
}

/**
 * The whole system as `npm start` runs it — real processes, real HTTP — on
 * free ports, with its own embedded database (or DATABASE_URL when given)
 * in a temporary data folder that is removed afterwards.
 */
export async function startTestSystem(env: Record<string, string> = {}): Promise<TestSystem> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-e2e-'));
  const ports: Record<string, string> = { CHORUS_GATEWAY_PORT: String(await freePort()) };
  for (const name of subgraphNames) ports[`CHORUS_${name.toUpperCase()}_PORT`] = String(await freePort());
  const config = loadConfig({
    ...testSecrets,
    ...ports,
    CHORUS_DATA_DIR: dataDir,
    CHORUS_SHUTDOWN_GRACE_MS: '3000',
    CHORUS_EVENT_POLL_MS: '100',
    ...env,
  });
  const system = await startSystem({
    config,
    logger: createLogger('e2e', 'warn'),
    env: { LOG_LEVEL: process.env.TEST_LOG ?? 'silent' },
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...system,
    baseUrl: (name) =>
      `http://${config.host}:${name === 'gateway' ? config.gatewayPort : config.subgraphPorts[name]}`,
    async query(query, variables, accessToken) {
      const response = await fetch(system.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResult;
    },
    async stop() {
      await system.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
