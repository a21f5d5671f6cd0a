import type { Figures } from './load.ts';

export interface Row {
  operation: string;
  target: string;
  /** Missing for a computed row that was not measured as a whole (RPS then has no meaning). */
  figures: Partial<Figures> & Pick<Figures, 'p50' | 'p99'>;
  /** Per-fetch detail rows carry no ratios: they are parts of an operation, not the whole. */
  detail?: boolean;
}

export const baselineTarget = 'stock @apollo/gateway';

const fixed = (value: number | undefined, digits: number) => (value === undefined ? '—' : value.toFixed(digits));
const ratio = (value: number | undefined, base: number | undefined) =>
  value === undefined || base === undefined ? '—' : `${(value / base).toFixed(2)}×`;

/** Markdown, so a run can be pasted into the README as is. */
export function printTable(rows: Row[]): void {
  console.log('| operation | target | RPS | p50 ms | p99 ms | gateway CPU ms/req | subgraph calls/req | RPS vs stock | p50 vs stock | p99 vs stock | CPU/req vs stock |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    const base = rows.find((r) => r.operation === row.operation && r.target === baselineTarget)?.figures;
    const f = row.figures;
    const ratios = row.detail
      ? ['', '', '', '']
      : [ratio(f.rps, base?.rps), ratio(f.p50, base?.p50), ratio(f.p99, base?.p99), ratio(f.cpuPerRequest, base?.cpuPerRequest)];
    const cells = [row.operation, row.target, fixed(f.rps, 0), fixed(f.p50, 2), fixed(f.p99, 2), fixed(f.cpuPerRequest, 3), fixed(f.subgraphCallsPerRequest, 2), ...ratios];
    console.log(`| ${cells.join(' | ')} |`);
  }
}
