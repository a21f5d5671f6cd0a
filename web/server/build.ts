import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
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
function viteBuild(outDir: string): Promise<void> {
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--mode', 'production', '--config', path.join(webDir, 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: repoRoot,
      // A NODE_ENV inherited from a test runner or a dev shell would make Vite build for development.
      env: { ...process.env, NODE_ENV: 'production' },
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
  // Built aside and swapped in, so a server (or a second build) never sees half a bundle.
  const staging = `${distDir}.${process.pid}`;
  await viteBuild(staging);
  await writeFile(path.join(staging, path.basename(stampPath)), `${wanted}\n`);
  await rm(distDir, { recursive: true, force: true });
  try {
    await rename(staging, distDir);
  } catch (error) {
    // Another process swapped in the same build first.
    await rm(staging, { recursive: true, force: true });
    if ((await builtFrom()) !== wanted) throw error;
  }
}
