/**
 * SIGINT and SIGTERM caught while a long run goes on: the run polls `requested` between steps and
 * stops cleanly (checkpoint, final state) at its next one.
 */
export function stopOnSignals(): { requested: () => string | undefined; dispose: () => void } {
  let signal: string | undefined;
  const handler = (s: NodeJS.Signals) => {
    signal = s;
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    requested: () => signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
