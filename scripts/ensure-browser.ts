// Makes sure Debian's Chromium is installed at /usr/bin/chromium, for the
// headless browser tests (playwright-core drives it; nothing is ever
// downloaded by Playwright itself). Installs it with apt-get when missing:
// the vitest global setup calls this, so a fresh CI machine gets it too.
// Run alone: `npx tsx scripts/ensure-browser.ts`.
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const chromiumPath = '/usr/bin/chromium';

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command with its output captured, so a failure can say why. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // No questions (tzdata, restarts): this runs unattended.
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
}

/** Resolves to the browser's path once it is installed; rejects with the reason otherwise. */
export async function ensureBrowser(log: (message: string) => void = console.log): Promise<string> {
  if (await isExecutable(chromiumPath)) return chromiumPath;
  if (process.platform !== 'linux' || !(await isExecutable('/usr/bin/apt-get'))) {
    throw new Error(`${chromiumPath} is missing and this is not a Debian-like system: install Chromium there yourself`);
  }
  const install = ['install', '-y', 'chromium'];
  log(`${chromiumPath} is missing: installing Debian's chromium package (once) …`);
  try {
    await run('apt-get', install);
  } catch {
    // A fresh container has no package index, an old one a stale index that names
    // versions the mirror no longer has: refresh it and try once more.
    log('apt-get install failed; running apt-get update and trying again …');
    await run('apt-get', ['update']);
    await run('apt-get', install);
  }
  if (!(await isExecutable(chromiumPath))) throw new Error(`apt-get installed chromium but ${chromiumPath} is still missing`);
  log(`installed ${chromiumPath}`);
  return chromiumPath;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureBrowser().then(
    (file) => console.log(file),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
