import { readFileSync } from 'node:fs';

// /proc/<pid>/stat counts in clock ticks; Linux on x86 and arm64 uses 100 per second.
const ticksPerSecond = 100;

/**
 * CPU time (user + system) a process has used so far, in milliseconds, or
 * undefined where /proc is not there. A gateway's CPU per request is its own
 * cost, whatever else the machine is doing; RPS on a shared machine is not.
 */
export function cpuMillis(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}
