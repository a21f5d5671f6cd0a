export interface PollLoop {
  /** Stops polling and waits for a round in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `round` again and again until stopped, waiting between rounds as long
 * as the round asks (0 to go on at once, e.g. while a backlog drains).
 */
export function startPollLoop(round: () => Promise<number>): PollLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = round().then((delayMs) => {
      if (!stopped) timer = setTimeout(tick, delayMs);
    });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
