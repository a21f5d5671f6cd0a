/**
 * A push-to-pull adapter for subscription resolvers: listeners push, the
 * GraphQL executor pulls. The buffer is bounded: a consumer that falls that
 * far behind is ended with SlowConsumerError (it recovers by syncing) rather
 * than growing memory without limit.
 */
export class SlowConsumerError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} events waiting: the subscriber is too slow`);
  }
}

export interface EventStream<T> extends AsyncIterableIterator<T> {
  push(value: T): void;
  fail(error: Error): void;
  end(): void;
}

export function createEventStream<T>(options: {
  limit: number;
  onClose?: () => void;
  /** Called the moment the buffer overflows: the consumer may be stuck and never pull the error. */
  onOverflow?: () => void;
  /** On overflow, complete the stream instead of failing it (for consumers that must not see an error). */
  endOnOverflow?: boolean;
}): EventStream<T> {
  const buffer: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let failWaiting: ((error: Error) => void) | undefined;
  let failure: Error | undefined;
  let done = false;

  const close = () => {
    if (done) return;
    done = true;
    options.onClose?.();
  };
  const settle = () => {
    if (waiting === undefined) return;
    const resolve = waiting;
    const reject = failWaiting!;
    if (buffer.length > 0) {
      waiting = failWaiting = undefined;
      resolve({ value: buffer.shift()!, done: false });
    } else if (failure !== undefined) {
      waiting = failWaiting = undefined;
      reject(failure);
    } else if (done) {
      waiting = failWaiting = undefined;
      resolve({ value: undefined, done: true });
    }
  };

  const stream: EventStream<T> = {
    push(value) {
      if (done || failure) return;
      if (buffer.length >= options.limit) {
        if (options.endOnOverflow) {
          buffer.length = 0;
          stream.end();
        } else {
          stream.fail(new SlowConsumerError(options.limit));
        }
        options.onOverflow?.();
        return;
      }
      buffer.push(value);
      settle();
    },
    fail(error) {
      if (done || failure) return;
      failure = error;
      buffer.length = 0;
      close();
      done = true;
      settle();
    },
    end() {
      close();
      settle();
    },
    next() {
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        waiting = resolve;
        failWaiting = reject;
        settle();
      });
    },
    async return() {
      buffer.length = 0;
      close();
      settle();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
