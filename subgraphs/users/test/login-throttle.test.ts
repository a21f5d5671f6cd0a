import { describe, expect, it } from 'vitest';
import { failureDelayMs, throttle } from '../src/login-throttle.ts';

describe('failed-login delay', () => {
  it('is nothing for the first failures, then doubles up to its cap', () => {
    const { slowAfter } = throttle.account;
    const delays = Array.from({ length: 12 }, (_, i) => failureDelayMs(i + 1, slowAfter, 250));
    expect(delays.slice(0, slowAfter - 1)).toEqual([0, 0]);
    expect(delays.slice(slowAfter - 1, slowAfter + 3)).toEqual([250, 500, 1000, 2000]);
    expect(Math.max(...delays)).toBe(throttle.maxDelayMs);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
  });

  it('gives a shared address more room than one account', () => {
    expect(throttle.ip.slowAfter).toBeGreaterThan(throttle.account.slowAfter);
    expect(throttle.ip.limit).toBeGreaterThan(throttle.account.limit);
  });
});
