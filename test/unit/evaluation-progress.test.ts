import { describe, expect, it } from 'vitest';
import {
  elapsedShare,
  type IndicatorPlan,
  indicatorProgress,
  onTrackStatus,
} from '../../functions/evaluation/progress';
import { unsubscribeUrl } from '../../functions/evaluation/unsubscribe-token';

/** Volunteer hours: from 100 to 200 over ten days of January 2027. */
const increase: IndicatorPlan = {
  baseline: { value: 100, date: '2027-01-01' },
  target: { value: 200, date: '2027-01-11' },
};
/** Missed bin collections: from 40 down to 10 over the same ten days. */
const decrease: IndicatorPlan = {
  baseline: { value: 40, date: '2027-01-01' },
  target: { value: 10, date: '2027-01-11' },
};
const day = (n: number) => new Date(Date.UTC(2027, 0, 1 + n));

describe('indicatorProgress', () => {
  it.each([
    [100, 0],
    [150, 0.5],
    [200, 1],
    [250, 1.5],
    [50, -0.5],
  ])('puts %d at %d of the way up from 100 to 200', (value, expected) => {
    expect(indicatorProgress(increase, value)).toBeCloseTo(expected, 12);
  });

  it.each([
    [40, 0],
    [25, 0.5],
    [10, 1],
    [0, 4 / 3],
    [55, -0.5],
  ])('puts %d at %d of the way down from 40 to 10', (value, expected) => {
    expect(indicatorProgress(decrease, value)).toBeCloseTo(expected, 12);
  });

  it('handles fractional plans without drifting off the target', () => {
    const rate: IndicatorPlan = {
      baseline: { value: 0.1, date: '2027-01-01' },
      target: { value: 0.3, date: '2027-06-01' },
    };
    expect(indicatorProgress(rate, 0.3)).toBe(1);
    expect(indicatorProgress(rate, 0.2)).toBeCloseTo(0.5, 12);
  });
});

describe('elapsedShare', () => {
  it('runs from 0 on the baseline date to 1 on the target date, clamped outside', () => {
    expect(elapsedShare(increase, day(0))).toBe(0);
    expect(elapsedShare(increase, day(5))).toBe(0.5);
    expect(elapsedShare(increase, day(10))).toBe(1);
    expect(elapsedShare(increase, day(-3))).toBe(0);
    expect(elapsedShare(increase, day(40))).toBe(1);
  });

  it('reads the dates in the city’s time zone', () => {
    // Midnight of 1 January in New York is 05:00 UTC.
    const at = new Date('2027-01-01T05:00:00Z');
    expect(elapsedShare(increase, at, 'America/New_York')).toBe(0);
    expect(elapsedShare(increase, at, 'UTC')).toBeCloseTo(5 / 240, 12);
  });
});

describe('onTrackStatus', () => {
  it('is not-started without a measurement, whatever the date', () => {
    expect(onTrackStatus(increase, undefined, day(5))).toBe('not-started');
    expect(onTrackStatus(increase, undefined, day(40))).toBe('not-started');
  });

  it('is not-started before the baseline date', () => {
    expect(onTrackStatus(increase, 0.2, new Date('2026-12-31T23:59:59Z'))).toBe('not-started');
  });

  it('is achieved once progress reaches the target, even early', () => {
    expect(onTrackStatus(increase, 1, day(1))).toBe('achieved');
    expect(onTrackStatus(increase, 1.4, day(20))).toBe('achieved');
  });

  it('is on track while progress lags the elapsed share by at most ten points', () => {
    // Halfway through the plan.
    expect(onTrackStatus(increase, 0.5, day(5))).toBe('on-track');
    expect(onTrackStatus(increase, 0.41, day(5))).toBe('on-track');
    expect(onTrackStatus(increase, 0.39, day(5))).toBe('off-track');
  });

  it('is off track when moving away from the target', () => {
    expect(onTrackStatus(increase, -0.2, day(1))).toBe('off-track');
  });

  it('is on track at the very start, before anything could have moved', () => {
    expect(onTrackStatus(increase, 0, day(0))).toBe('on-track');
  });

  it('judges past the target date against the whole way', () => {
    expect(onTrackStatus(increase, 0.95, day(30))).toBe('on-track');
    expect(onTrackStatus(increase, 0.85, day(30))).toBe('off-track');
  });

  it('judges a decrease indicator by how far the value fell', () => {
    const at = day(5);
    expect(onTrackStatus(decrease, indicatorProgress(decrease, 26), at)).toBe('on-track');
    expect(onTrackStatus(decrease, indicatorProgress(decrease, 35), at)).toBe('off-track');
    expect(onTrackStatus(decrease, indicatorProgress(decrease, 45), at)).toBe('off-track');
    expect(onTrackStatus(decrease, indicatorProgress(decrease, 9), at)).toBe('achieved');
  });

  it('reads the baseline date in the city’s time zone', () => {
    // 03:00 UTC on 1 January is still 31 December in New York.
    const at = new Date('2027-01-01T03:00:00Z');
    expect(onTrackStatus(increase, 0.05, at, 'America/New_York')).toBe('not-started');
    expect(onTrackStatus(increase, 0.05, at, 'UTC')).toBe('on-track');
  });
});

describe('unsubscribe links', () => {
  it('build a link under the API base, with or without a trailing slash', () => {
    const subscription = { subscriptionId: '01JE1A2B3C4D5E6F7G8H9J0K1M', token: 'a+b/c' };
    const expected =
      'https://api.example.gov/v1/digest-subscriptions/01JE1A2B3C4D5E6F7G8H9J0K1M/unsubscribe?token=a%2Bb%2Fc';
    expect(unsubscribeUrl('https://api.example.gov/v1', subscription)).toBe(expected);
    expect(unsubscribeUrl('https://api.example.gov/v1/', subscription)).toBe(expected);
  });
});
