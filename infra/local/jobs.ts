/**
 * Scheduled jobs `civic job <name>` can run now against the local stack. Each entry names the
 * handler the schedule invokes and builds the input the schedule would pass it. None exist yet:
 * `impact-summary` and `digest` register here when their strands land.
 */
export interface LocalJob {
  name: string;
  description: string;
  /** Handler module relative to the repository root, as for HTTP contexts and consumers. */
  entry: string;
  /** The event the EventBridge Scheduler target delivers for this period. */
  input: (period: Period) => unknown;
}

export const localJobs: readonly LocalJob[] = [];

export type Period =
  | { kind: 'month'; label: string; year: number; month: number }
  | { kind: 'week'; label: string; year: number; week: number }
  | { kind: 'quarter'; label: string; year: number; quarter: number };

/** Whether an ISO week-numbering year has 53 weeks (its 28 December falls in week 53). */
function isoWeeksIn(year: number): number {
  const weekday = (day: Date) => (day.getUTCDay() + 6) % 7;
  const january1 = new Date(Date.UTC(year, 0, 1));
  const december31 = new Date(Date.UTC(year, 11, 31));
  return weekday(january1) === 3 || weekday(december31) === 3 ? 53 : 52;
}

/** Parses `YYYY-MM`, `YYYY-Www` (ISO week) or `YYYY-Qn`; undefined when it is none of them. */
export function parsePeriod(value: string): Period | undefined {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (month) return { kind: 'month', label: value, year: Number(month[1]), month: Number(month[2]) };
  const week = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/.exec(value);
  if (week) {
    const year = Number(week[1]);
    const number = Number(week[2]);
    return number <= isoWeeksIn(year) ? { kind: 'week', label: value, year, week: number } : undefined;
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(value);
  if (quarter)
    return { kind: 'quarter', label: value, year: Number(quarter[1]), quarter: Number(quarter[2]) };
  return undefined;
}

export function findJob(name: string): LocalJob | undefined {
  return localJobs.find((job) => job.name === name);
}
