/**
 * The lifecycle every practice-sharing round has (staff accounts, audit chains, queue actions):
 * one round at start, then one every `ms` (never two at once: `round` is the caller's single-flight
 * function), the timer not keeping the process alive, and `stop` waiting for a round in progress.
 */
export function periodicRound(round: () => Promise<unknown>, ms: number, inProgress: () => Promise<unknown> | null): { start(): void; stop(): Promise<void> } {
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    start() {
      if (timer) return;
      void round().catch(() => undefined);
      timer = setInterval(() => void round().catch(() => undefined), ms);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await inProgress()?.catch(() => undefined);
    },
  };
}
