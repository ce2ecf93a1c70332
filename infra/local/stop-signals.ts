/**
 * What ends `npm start`: Ctrl-C (SIGINT), a service manager (SIGTERM) or a closed terminal (SIGHUP).
 *
 * One Ctrl-C can arrive more than once: the terminal signals its whole foreground group, and npm,
 * in that group too, relays the signal to us as well. So a repeat within `sameRequestMs` of the
 * first signal is the same request; a later one is a person pressing Ctrl-C again, who wants the
 * stack gone now.
 */
export function onStopSignals(
  handlers: {
    stop: (signal: NodeJS.Signals) => void;
    stopNow: (signal: NodeJS.Signals) => void;
    sameRequestMs?: number;
  },
  signals: NodeJS.EventEmitter = process,
): void {
  const sameRequestMs = handlers.sameRequestMs ?? 1000;
  let firstAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      handlers.stop(signal);
    } else if (Date.now() - firstAt > sameRequestMs) handlers.stopNow(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) signals.on(signal, onSignal);
}
