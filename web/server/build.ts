import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '@chorus/runtime';

export const webDir = path.join(repoRoot, 'web');
export const distDir = path.join(webDir, 'dist');
const stampPath = path.join(distDir, '.source-hash');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * A hash of everything the bundle is made from: the client's sources and the
 * manifest it embeds. A build made from other sources (an older checkout, a
 * changed operation whose id the gateway no longer knows) is rebuilt instead
 * of served.
 */
export async function sourceHash(): Promise<string> {
  const files = [
    ...(await filesUnder(path.join(webDir, 'src'))),
    path.join(webDir, 'index.html'),
    path.join(webDir, 'vite.config.ts'),
    path.join(repoRoot, 'schema', 'web-operations.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(repoRoot, file)).update('\0').update(await readFile(file)).update('\0');
  return hash.digest('hex');
}

async function builtFrom(): Promise<string | undefined> {
  try {
    return (await readFile(stampPath, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** Runs `vite build` in a child process, so its memory goes away with it. */
function viteBuild(): Promise<void> {
  const vite = createRequire(import.meta.url).resolve('vite/bin/vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', path.join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
}

/** Builds the production client unless web/dist already holds one made from the current sources. */
export async function ensureWebBuild(log: (message: string) => void = () => {}): Promise<void> {
  const wanted = await sourceHash();
  if ((await builtFrom()) === wanted) return;
  log('building the web client (vite build) …');
  await viteBuild();
  await writeFile(stampPath, `${wanted}\n`);
}
