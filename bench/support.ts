import { performance } from 'node:perf_hooks';

export interface Measurement {
  name: string;
  /** Milliseconds per run, sorted. */
  samples: number[];
  statementsPerRun: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Times `run` `iterations` times after `warmup` untimed runs. Two contenders
 * are measured in alternating blocks by the caller, so drift in the machine
 * affects both alike.
 */
export async function measure(
  name: string,
  run: () => Promise<void>,
  countStatements: () => number,
  { warmup = 3, iterations = 20 } = {},
): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) await run();
  const samples: number[] = [];
  const before = countStatements();
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return { name, samples: samples.sort((a, b) => a - b), statementsPerRun: (countStatements() - before) / iterations };
}

export function report(title: string, baseline: Measurement, contender: Measurement): void {
  const median = (m: Measurement) => percentile(m.samples, 50);
  console.log(`\n${title}`);
  for (const m of [baseline, contender]) {
    console.log(
      `  ${m.name.padEnd(10)} median ${median(m).toFixed(1).padStart(8)} ms   p90 ${percentile(m.samples, 90).toFixed(1).padStart(8)} ms` +
        `   ${(1000 / median(m)).toFixed(1).padStart(7)} ops/s   ${m.statementsPerRun.toFixed(0).padStart(5)} SQL statements/op`,
    );
  }
  console.log(`  ratio: ${contender.name} is ${(median(baseline) / median(contender)).toFixed(1)}x faster than ${baseline.name} (median)`);
}
