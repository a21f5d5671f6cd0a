import { describe, expect, it } from 'vitest';
import { createEventStream, SlowConsumerError } from '../src/pubsub/event-stream.ts';

async function take<T>(stream: AsyncIterator<T>, count: number): Promise<T[]> {
  const values: T[] = [];
  for (let i = 0; i < count; i++) {
    const next = await stream.next();
    if (next.done) break;
    values.push(next.value);
  }
  return values;
}

describe('event stream', () => {
  it('hands out pushed values in order, to a consumer waiting before or after the push', async () => {
    const stream = createEventStream<number>({ limit: 10 });
    const waiting = stream.next();
    stream.push(1);
    stream.push(2);
    stream.push(3);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await take(stream, 2)).toEqual([2, 3]);
  });

  it('fails with SlowConsumerError past its limit, telling onOverflow at once, and drops what waited', async () => {
    let overflowed = 0;
    let closed = 0;
    const stream = createEventStream<number>({ limit: 2, onOverflow: () => overflowed++, onClose: () => closed++ });
    stream.push(1);
    stream.push(2);
    expect(overflowed).toBe(0);
    stream.push(3);
    expect([overflowed, closed]).toEqual([1, 1]);
    await expect(stream.next()).rejects.toBeInstanceOf(SlowConsumerError);
    stream.push(4); // ignored after the failure
    await expect(stream.next()).rejects.toBeInstanceOf(SlowConsumerError);
  });

  it('completes instead, when asked to end on overflow', async () => {
    const stream = createEventStream<number>({ limit: 1, endOnOverflow: true });
    stream.push(1);
    stream.push(2);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('releases its listeners once when the consumer returns, and ends a pending next', async () => {
    let closed = 0;
    const stream = createEventStream<number>({ limit: 5, onClose: () => closed++ });
    const pending = stream.next();
    await stream.return!();
    await stream.return!();
    expect(closed).toBe(1);
    expect(await pending).toEqual({ value: undefined, done: true });
    stream.push(1);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });
});
