import { readdir, readFile } from 'node:fs/promises';

/**
 * The pid of this process's child running `entry` (the supervisor spawns each
 * service as `node --import tsx <entry>`). Looked up afresh each time, since a
 * restarted service has a new pid.
 */
export async function childPid(entry: string): Promise<number> {
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      // Field 4 is the parent pid; the command name (field 2) may hold spaces, so split after it.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      const cmdline = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0');
      if (cmdline.some((arg) => arg.endsWith(entry))) return Number(name);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`no child process runs ${entry}`);
}

/** Resident set size of a process, in bytes (VmRSS). */
export async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kib) * 1024;
}
