import { performance } from 'node:perf_hooks';
import type { FormattedExecutionResult } from 'graphql-ws';

interface MessageAdded {
  seq: number;
  body: string;
  sender: { id?: string; displayName?: string } | null;
}

/**
 * Every delivery to the subscribers of one group: checks that each
 * subscriber gets each message exactly once and in sequence order, with its
 * sender resolved, and records the latency of those sent while measuring.
 * A benchmark of broken delivery would be worthless, so every deviation is
 * kept as a problem and fails the run.
 */
export class GroupDeliveries {
  private readonly last: (number | undefined)[];
  private withAny = 0;
  private readonly counts = new Map<number, number>();
  private readonly waiters = new Map<number, () => void>();
  /** Set once the warm-up is over: from then on every delivery is measured. */
  measuring = false;
  /** Set before the clients are closed, so their endings are not reported. */
  closing = false;

  constructor(
    readonly index: number,
    readonly size: number,
    private readonly field: 'id' | 'displayName',
    private readonly latencies: number[],
    private readonly problems: string[],
  ) {
    this.last = new Array<number | undefined>(size);
  }

  private problem(text: string): void {
    this.problems.push(`group ${this.index}: ${text}`);
  }

  deliver(subscriber: number, result: FormattedExecutionResult<Record<string, unknown>>): void {
    const arrived = performance.now();
    const message = result.data?.messageAdded as MessageAdded | undefined;
    if (result.errors !== undefined || message === undefined) {
      this.problem(`subscriber ${subscriber} got ${JSON.stringify(result).slice(0, 300)}`);
      return;
    }
    if (typeof message.sender?.[this.field] !== 'string') {
      this.problem(`subscriber ${subscriber}, seq ${message.seq}: sender ${this.field} missing: ${JSON.stringify(message.sender)}`);
    }
    const previous = this.last[subscriber];
    if (previous === undefined) this.withAny++;
    else if (message.seq !== previous + 1) {
      this.problem(`subscriber ${subscriber}: seq ${message.seq} after ${previous} (${message.seq <= previous ? 'duplicate or reordered' : 'gap'})`);
    }
    this.last[subscriber] = message.seq;
    if (this.measuring) this.latencies.push(arrived - Number(message.body));
    const count = (this.counts.get(message.seq) ?? 0) + 1;
    this.counts.set(message.seq, count);
    if (count === this.size) this.waiters.get(message.seq)?.();
  }

  ended(subscriber: number, error?: unknown): void {
    if (this.closing) return;
    this.problem(`subscriber ${subscriber}'s subscription ended${error === undefined ? '' : `: ${JSON.stringify(error).slice(0, 300)}`}`);
  }

  /** True once every subscriber has received some message: every subscription is live upstream. */
  allLive(): boolean {
    return this.withAny === this.size;
  }

  /** Resolves once every subscriber has received message `seq`. */
  async allReceived(seq: number, timeoutMs: number): Promise<void> {
    if ((this.counts.get(seq) ?? 0) >= this.size) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(seq);
        reject(new Error(`group ${this.index}: seq ${seq} reached ${this.counts.get(seq) ?? 0} of ${this.size} subscribers in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(seq, () => {
        clearTimeout(timer);
        this.waiters.delete(seq);
        resolve();
      });
    });
  }

  /** Each measured message reached each subscriber exactly once (a duplicate would push a count past the size). */
  verify(firstSeq: number, lastSeq: number): void {
    for (let seq = firstSeq; seq <= lastSeq; seq++) {
      const count = this.counts.get(seq) ?? 0;
      if (count !== this.size) this.problem(`seq ${seq} was delivered ${count} times to ${this.size} subscribers`);
    }
    this.last.forEach((seq, subscriber) => {
      if (seq !== lastSeq) this.problem(`subscriber ${subscriber} ended at seq ${seq}, not ${lastSeq}`);
    });
  }
}
