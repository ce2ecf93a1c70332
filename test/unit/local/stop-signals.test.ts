import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onStopSignals } from '../../../infra/local/stop-signals';

describe('stop signals', () => {
  let signals: EventEmitter;
  let stops: string[];

  beforeEach(() => {
    vi.useFakeTimers();
    signals = new EventEmitter();
    stops = [];
    onStopSignals(
      { stop: (signal) => stops.push(`stop ${signal}`), stopNow: (signal) => stops.push(`now ${signal}`) },
      signals,
    );
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops once when one Ctrl-C arrives twice (from the terminal and relayed by npm)', () => {
    // Act
    signals.emit('SIGINT', 'SIGINT');
    vi.advanceTimersByTime(20);
    signals.emit('SIGINT', 'SIGINT');

    // Assess
    expect(stops).toEqual(['stop SIGINT']);
  });

  it('stops at once on a second Ctrl-C pressed later', () => {
    // Act
    signals.emit('SIGINT', 'SIGINT');
    vi.advanceTimersByTime(1_500);
    signals.emit('SIGINT', 'SIGINT');

    // Assess
    expect(stops).toEqual(['stop SIGINT', 'now SIGINT']);
  });

  it('stops in order on SIGTERM from a service manager and on SIGHUP from a closed terminal', () => {
    // Act
    signals.emit('SIGHUP', 'SIGHUP');

    // Assess
    expect(stops).toEqual(['stop SIGHUP']);
    expect(['SIGINT', 'SIGTERM', 'SIGHUP'].map((name) => signals.listenerCount(name))).toEqual([1, 1, 1]);
  });
});
