/**
 * Retries an assertion until it holds or time runs out, for effects that
 * arrive asynchronously (events between subgraphs). Fails with the last error.
 */
export async function eventually(check: () => Promise<void>, timeoutMs = 15_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
