import { describe, expect, it } from 'vitest';
import {
  lastCompletePeriod,
  nextPeriod,
  type Period,
  parsePeriod,
  periodContaining,
  periodRange,
  previousPeriod,
} from '../../shared/domain/period';
import {
  InvalidJobInputError,
  resolveInstantJobInput,
  resolvePeriodJobInput,
} from '../../shared/jobs/job-input';

const period = (label: string) => parsePeriod(label) as Period;
const iso = (date: Date) => date.toISOString();

describe('periodRange', () => {
  it.each([
    // label, zone, start, end
    ['2025-03', 'UTC', '2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z'],
    // Paris moves to summer time on 30 March 2025: March starts at +01:00 and ends at +02:00.
    ['2025-03', 'Europe/Paris', '2025-02-28T23:00:00.000Z', '2025-03-31T22:00:00.000Z'],
    ['2025-10', 'Europe/Paris', '2025-09-30T22:00:00.000Z', '2025-10-31T23:00:00.000Z'],
    ['2025-Q1', 'America/New_York', '2025-01-01T05:00:00.000Z', '2025-04-01T04:00:00.000Z'],
    ['2025-Q4', 'Australia/Sydney', '2025-09-30T14:00:00.000Z', '2025-12-31T13:00:00.000Z'],
    // ISO week 1 of 2025 starts on Monday 30 December 2024.
    ['2025-W01', 'UTC', '2024-12-30T00:00:00.000Z', '2025-01-06T00:00:00.000Z'],
    ['2020-W53', 'UTC', '2020-12-28T00:00:00.000Z', '2021-01-04T00:00:00.000Z'],
  ])('gives %s in %s as [%s, %s)', (label, zone, start, end) => {
    // Act
    const range = periodRange(period(label), zone);

    // Assess
    expect([iso(range.start), iso(range.end)]).toEqual([start, end]);
  });

  it('makes the week with the spring-forward change an hour short, and the autumn one an hour long', () => {
    // Act
    const spring = periodRange(period('2025-W13'), 'Europe/Paris');
    const autumn = periodRange(period('2025-W43'), 'Europe/Paris');

    // Assess
    const hours = (range: { start: Date; end: Date }) =>
      (range.end.getTime() - range.start.getTime()) / 3_600_000;
    expect(hours(spring)).toBe(167);
    expect(hours(autumn)).toBe(169);
  });

  it('starts a period whose first midnight does not exist at the first local time after the gap', () => {
    // Prepare: Paraguay moved its clocks from 00:00 to 01:00 (-04:00 → -03:00) on Sunday 1 October 2023.
    const october = period('2023-10');

    // Act
    const range = periodRange(october, 'America/Asuncion');
    const september = periodRange(previousPeriod(october), 'America/Asuncion');

    // Assess
    expect(iso(range.start)).toBe('2023-10-01T04:00:00.000Z');
    expect(iso(september.end)).toBe(iso(range.start));
    expect(periodContaining(new Date('2023-10-01T03:59:59Z'), 'month', 'America/Asuncion').label).toBe(
      '2023-09',
    );
  });
});

describe('periodContaining', () => {
  it('puts 23:30 local on the last day of a month in that month, though it is the next month in UTC', () => {
    // Prepare: 31 March 2025, 23:30 in Paris (summer time) is 21:30 UTC; in Auckland it is already April.
    const paris = new Date('2025-03-31T21:30:00Z');
    const chicago = new Date('2025-04-01T04:30:00Z');

    // Act
    const inParis = periodContaining(paris, 'month', 'Europe/Paris');
    const inChicago = periodContaining(chicago, 'month', 'America/Chicago');

    // Assess
    expect(inParis.label).toBe('2025-03');
    expect(inChicago.label).toBe('2025-03');
    expect(periodContaining(chicago, 'month', 'UTC').label).toBe('2025-04');
  });

  it('agrees with periodRange at both edges, in a zone with daylight saving', () => {
    // Prepare
    const range = periodRange(period('2025-Q1'), 'Europe/Paris');

    // Act
    const first = periodContaining(range.start, 'quarter', 'Europe/Paris');
    const justBefore = periodContaining(new Date(range.start.getTime() - 1), 'quarter', 'Europe/Paris');
    const atEnd = periodContaining(range.end, 'quarter', 'Europe/Paris');

    // Assess
    expect([justBefore.label, first.label, atEnd.label]).toEqual(['2024-Q4', '2025-Q1', '2025-Q2']);
  });

  it('reads ISO weeks across the turn of the year', () => {
    // Act
    const sunday = periodContaining(new Date('2021-01-03T12:00:00Z'), 'week', 'UTC');
    const monday = periodContaining(new Date('2024-12-30T00:30:00+01:00'), 'week', 'Europe/Paris');

    // Assess
    expect(sunday.label).toBe('2020-W53');
    expect(monday.label).toBe('2025-W01');
  });
});

describe('next and previous periods', () => {
  it.each([
    ['2025-01', '2024-12', '2025-02'],
    ['2025-Q1', '2024-Q4', '2025-Q2'],
    ['2021-W01', '2020-W53', '2021-W02'],
    ['2020-W53', '2020-W52', '2021-W01'],
  ])('%s comes after %s and before %s', (label, previous, next) => {
    // Act
    const around = [previousPeriod(period(label)).label, nextPeriod(period(label)).label];

    // Assess
    expect(around).toEqual([previous, next]);
  });
});

describe('job input', () => {
  it('gives a schedule firing just after local midnight on the 1st the month that just ended', () => {
    // Prepare: 1 April 2025 00:05 in Paris is 31 March 22:05 UTC.
    const input = { periodKind: 'month', scheduledTime: '2025-03-31T22:05:00Z' };

    // Act
    const resolved = resolvePeriodJobInput(input, 'Europe/Paris');

    // Assess
    expect(resolved.period.label).toBe('2025-03');
    expect(iso(resolved.range.start)).toBe('2025-02-28T23:00:00.000Z');
    expect(resolved.scheduledTime?.toISOString()).toBe('2025-03-31T22:05:00.000Z');
    expect(lastCompletePeriod(new Date(input.scheduledTime), 'month', 'UTC').label).toBe('2025-02');
  });

  it('gives a weekly Monday schedule the ISO week that ended on Sunday', () => {
    // Act
    const resolved = resolvePeriodJobInput(
      { periodKind: 'week', scheduledTime: '2025-03-03T06:00:00Z' },
      'Europe/Paris',
    );

    // Assess
    expect(resolved.period.label).toBe('2025-W09');
  });

  it('takes a named period as it is', () => {
    // Act
    const resolved = resolvePeriodJobInput({ period: '2025-Q2' }, 'UTC');

    // Assess
    expect(resolved.period).toMatchObject({ kind: 'quarter', year: 2025, quarter: 2 });
    expect(resolved.scheduledTime).toBeUndefined();
  });

  it.each([
    [{ period: '2025-13' }],
    [{ periodKind: 'year', scheduledTime: '2025-03-03T06:00:00Z' }],
    [{ periodKind: 'week', scheduledTime: 'yesterday' }],
    [{ periodKind: 'week' }],
    [{ period: '2025-03', extra: true }],
    ['2025-03'],
  ])('refuses %j with an InvalidJobInputError', (input) => {
    // Act
    const resolve = () => resolvePeriodJobInput(input, 'UTC');

    // Assess
    expect(resolve).toThrow(InvalidJobInputError);
  });

  it('reads an instant job’s now, and refuses one without', () => {
    // Act
    const { now } = resolveInstantJobInput({ now: '2025-03-03T06:15:00+01:00' });

    // Assess
    expect(now.toISOString()).toBe('2025-03-03T05:15:00.000Z');
    expect(() => resolveInstantJobInput({})).toThrow(/now/);
  });
});
