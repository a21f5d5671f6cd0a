import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion } from 'esbuild';
import type { Logger } from '@chorus/runtime';

/** The browser code, compiled by esbuild rather than by the gateway's own tsc (see its tsconfig). */
const browserDir = fileURLToPath(new URL('./browser/', import.meta.url));

/**
 * Packages whose code ends up in the bundle: a new version of any of them
 * (or of esbuild, or of the browser code) means a new bundle.
 */
const bundledPackages = [
  'graphiql',
  '@graphiql/react',
  '@graphiql/toolkit',
  '@graphiql/plugin-doc-explorer',
  '@graphiql/plugin-history',
  'monaco-editor',
  'monaco-graphql',
  'react',
  'react-dom',
  'graphql',
  'graphql-ws',
];

/**
 * Monaco's language services run in web workers, each its own script.
 * They are bundled beside the page's script instead of being fetched from a
 * CDN, which is what GraphiQL's ready-made worker setups do.
 */
const workerEntries = {
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};

/** The files of one built bundle, by file name; all of them sit in one flat folder. */
export interface GraphiqlBundle {
  /** Changes whenever the bundle would: part of every asset URL, so browsers may cache assets forever. */
  key: string;
  files: ReadonlyMap<string, Buffer>;
}

/** Walks up from the browser code the way Node looks for a package, without needing it to export package.json. */
async function installedVersion(name: string): Promise<string> {
  for (let dir = browserDir; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed, so GraphiQL cannot be bundled`);
  }
}

export async function bundleKey(): Promise<string> {
  const hash = createHash('sha256').update(`esbuild@${esbuildVersion}\n`);
  for (const name of bundledPackages) hash.update(`${name}@${await installedVersion(name)}\n`);
  for (const file of (await readdir(browserDir)).sort()) {
    hash.update(`${file}\n`).update(await readFile(path.join(browserDir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function buildBundle(outdir: string, logger: Logger): Promise<Map<string, Buffer>> {
  const result = await build({
    entryPoints: { graphiql: path.join(browserDir, 'main.tsx'), ...workerEntries },
    // Bare worker entries resolve from here, like the browser code's own imports.
    absWorkingDir: browserDir,
    tsconfig: path.join(browserDir, 'tsconfig.json'),
    bundle: true,
    // Classic scripts: the page loads them without type="module" and Monaco
    // starts its workers as classic workers. Without code splitting, dynamic
    // imports (graphql-ws for subscriptions, Prettier) are inlined.
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.png': 'file', '.svg': 'file' },
    assetNames: '[name]-[hash]',
    outdir,
    write: false,
    logLevel: 'silent',
  });
  for (const warning of result.warnings) logger.warn({ warning: warning.text, location: warning.location }, 'GraphiQL bundle warning');
  const files = new Map<string, Buffer>();
  for (const file of result.outputFiles) {
    const name = path.relative(outdir, file.path);
    if (name.includes(path.sep)) throw new Error(`GraphiQL bundle file outside its folder: ${name}`);
    files.set(name, Buffer.from(file.contents));
  }
  return files;
}

async function readCached(dir: string): Promise<Map<string, Buffer> | undefined> {
  if (!existsSync(dir)) return undefined;
  const files = new Map<string, Buffer>();
  for (const name of await readdir(dir)) files.set(name, await readFile(path.join(dir, name)));
  return files;
}

/**
 * Writes into a private folder first and renames it into place, so a reader
 * (another gateway process on the same checkout) sees a whole bundle or none.
 */
async function writeCache(cacheDir: string, key: string, files: ReadonlyMap<string, Buffer>): Promise<void> {
  const target = path.join(cacheDir, key);
  const scratch = path.join(cacheDir, `.tmp-${key}-${randomUUID()}`);
  await mkdir(scratch, { recursive: true });
  try {
    for (const [name, contents] of files) await writeFile(path.join(scratch, name), contents);
    await rename(scratch, target).catch((error: NodeJS.ErrnoException) => {
      // Another process finished the same bundle first; theirs is as good.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  // Bundles for package versions no longer installed would only pile up.
  for (const entry of await readdir(cacheDir)) {
    if (entry !== key && !entry.startsWith('.tmp-')) await rm(path.join(cacheDir, entry), { recursive: true, force: true });
  }
}

/**
 * The bundle for the installed packages: from the disk cache when an earlier
 * run built it, else built now (a few seconds) and cached. A cache that
 * cannot be written (a read-only deployment) only costs a rebuild per start.
 */
export async function loadBundle(cacheDir: string, logger: Logger): Promise<GraphiqlBundle> {
  const key = await bundleKey();
  const dir = path.join(cacheDir, key);
  const cached = await readCached(dir);
  if (cached) return { key, files: cached };
  const started = Date.now();
  logger.info({ key }, 'bundling GraphiQL (first request since its packages changed)');
  const files = await buildBundle(dir, logger);
  logger.info({ key, ms: Date.now() - started, files: files.size }, 'GraphiQL bundled');
  await writeCache(cacheDir, key, files).catch((error: unknown) => {
    logger.warn({ err: error, cacheDir }, 'could not cache the GraphiQL bundle; it will be rebuilt on the next start');
  });
  return { key, files };
}
