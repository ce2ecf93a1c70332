import { TZDate } from '@date-fns/tz';
import { getISOWeek, getISOWeekYear } from 'date-fns';

/**
 * The reporting periods jobs work on: a calendar month, an ISO 8601 week (Monday to Sunday, week 1
 * holds the year's first Thursday) or a calendar quarter, always in the city's time zone.
 */
export type PeriodKind = 'week' | 'month' | 'quarter';

export const periodKinds: readonly PeriodKind[] = ['week', 'month', 'quarter'];

export type Period =
  | { kind: 'month'; label: string; year: number; month: number }
  | { kind: 'week'; label: string; year: number; week: number }
  | { kind: 'quarter'; label: string; year: number; quarter: number };

/** A half-open interval of instants, `[start, end)`: activity at `end` belongs to the next period. */
export interface PeriodRange {
  start: Date;
  end: Date;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** How many ISO weeks a week-numbering year has: 53 when 1 January or 31 December is a Thursday. */
export function isoWeeksIn(year: number): number {
  const weekday = (day: Date) => (day.getUTCDay() + 6) % 7;
  const january1 = new Date(Date.UTC(year, 0, 1));
  const december31 = new Date(Date.UTC(year, 11, 31));
  return weekday(january1) === 3 || weekday(december31) === 3 ? 53 : 52;
}

export function monthPeriod(year: number, month: number): Period {
  return { kind: 'month', label: `${pad(year, 4)}-${pad(month)}`, year, month };
}

export function weekPeriod(year: number, week: number): Period {
  return { kind: 'week', label: `${pad(year, 4)}-W${pad(week)}`, year, week };
}

export function quarterPeriod(year: number, quarter: number): Period {
  return { kind: 'quarter', label: `${pad(year, 4)}-Q${quarter}`, year, quarter };
}

/** Parses `YYYY-MM`, `YYYY-Www` (ISO week) or `YYYY-Qn`; undefined when it is none of them. */
export function parsePeriod(value: string): Period | undefined {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (month) return monthPeriod(Number(month[1]), Number(month[2]));
  const week = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/.exec(value);
  if (week) {
    const year = Number(week[1]);
    const number = Number(week[2]);
    return number <= isoWeeksIn(year) ? weekPeriod(year, number) : undefined;
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(value);
  if (quarter) return quarterPeriod(Number(quarter[1]), Number(quarter[2]));
  return undefined;
}

/** The calendar date (proleptic Gregorian, no time zone) on which a period starts. */
function firstDay(period: Period): { year: number; month: number; day: number } {
  switch (period.kind) {
    case 'month':
      return { year: period.year, month: period.month, day: 1 };
    case 'quarter':
      return { year: period.year, month: (period.quarter - 1) * 3 + 1, day: 1 };
    case 'week': {
      // 4 January is always in week 1; its Monday starts the week-numbering year.
      const january4 = Date.UTC(period.year, 0, 4);
      const mondayOffset = (new Date(january4).getUTCDay() + 6) % 7;
      const start = new Date(january4 + ((period.week - 1) * 7 - mondayOffset) * 86_400_000);
      return { year: start.getUTCFullYear(), month: start.getUTCMonth() + 1, day: start.getUTCDate() };
    }
  }
}

/** The period right after this one (week 52 or 53 → week 1, December → January, Q4 → Q1). */
export function nextPeriod(period: Period): Period {
  switch (period.kind) {
    case 'month':
      return period.month === 12
        ? monthPeriod(period.year + 1, 1)
        : monthPeriod(period.year, period.month + 1);
    case 'quarter':
      return period.quarter === 4
        ? quarterPeriod(period.year + 1, 1)
        : quarterPeriod(period.year, period.quarter + 1);
    case 'week':
      return period.week === isoWeeksIn(period.year)
        ? weekPeriod(period.year + 1, 1)
        : weekPeriod(period.year, period.week + 1);
  }
}

/** The period right before this one, for period-over-period comparisons. */
export function previousPeriod(period: Period): Period {
  switch (period.kind) {
    case 'month':
      return period.month === 1
        ? monthPeriod(period.year - 1, 12)
        : monthPeriod(period.year, period.month - 1);
    case 'quarter':
      return period.quarter === 1
        ? quarterPeriod(period.year - 1, 4)
        : quarterPeriod(period.year, period.quarter - 1);
    case 'week':
      return period.week === 1
        ? weekPeriod(period.year - 1, isoWeeksIn(period.year - 1))
        : weekPeriod(period.year, period.week - 1);
  }
}

/** The instant a calendar day begins in `timeZone` (local midnight, or the first valid time after a DST gap). */
function startOfDay(day: { year: number; month: number; day: number }, timeZone: string): Date {
  return new Date(new TZDate(day.year, day.month - 1, day.day, timeZone).getTime());
}

/**
 * The instants a period covers in `timeZone`: from local midnight of its first day to local
 * midnight of the next period's first day. Daylight-saving changes inside the period make it an
 * hour shorter or longer, as the city lives it.
 */
export function periodRange(period: Period, timeZone: string): PeriodRange {
  return {
    start: startOfDay(firstDay(period), timeZone),
    end: startOfDay(firstDay(nextPeriod(period)), timeZone),
  };
}

/** The period of `kind` that `instant` falls in, reading the calendar in `timeZone`. */
export function periodContaining(instant: Date, kind: PeriodKind, timeZone: string): Period {
  const local = new TZDate(instant.getTime(), timeZone);
  switch (kind) {
    case 'month':
      return monthPeriod(local.getFullYear(), local.getMonth() + 1);
    case 'quarter':
      return quarterPeriod(local.getFullYear(), Math.floor(local.getMonth() / 3) + 1);
    case 'week':
      return weekPeriod(getISOWeekYear(local), getISOWeek(local));
  }
}

/**
 * The last period of `kind` that had fully ended at `instant`: what a schedule firing at
 * `instant` reports on (a monthly run on 1 April, whatever the hour, reports March).
 */
export function lastCompletePeriod(instant: Date, kind: PeriodKind, timeZone: string): Period {
  return previousPeriod(periodContaining(instant, kind, timeZone));
}
