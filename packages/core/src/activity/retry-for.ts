/**
 * @internal Runs `work` until it succeeds or `periodMs` of real time has passed, waiting
 * `delayMs()` between attempts; rejects with the last error.
 */
export async function retryFor<T>(work: () => Promise<T>, periodMs: number, delayMs: () => number): Promise<T> {
  const deadline = performance.now() + periodMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      const left = deadline - performance.now();
      if (left <= 0) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs(), left)));
    }
  }
}
