/**
 * SIGTERM/SIGINT stop the server gracefully (`stop`: no new requests, in-flight ones finished,
 * event streams ended), and exit within `deadlineMs` whatever happens. A second signal exits at once.
 */
export function stopOnSignals(stop: () => Promise<void>, deadlineMs = 10_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.warn(`${signal} again: stopping now.`);
      process.exit(1);
    }
    stopping = true;
    console.warn(`${signal}: Ringside is stopping (finishing requests in flight; ${signal} again to stop at once)…`);
    setTimeout(() => {
      console.error(`Ringside did not stop within ${deadlineMs / 1000} s; exiting anyway.`);
      process.exit(1);
    }, deadlineMs).unref();
    stop().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
