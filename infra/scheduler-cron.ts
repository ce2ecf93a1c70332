import { Cron, type CronOptions } from 'croner';

/** Thrown for a registry cron that EventBridge Scheduler would refuse (or read differently). */
export class SchedulerCronError extends Error {
  override readonly name = 'SchedulerCronError';
}

export interface LocalCron {
  /** The croner pattern: a seconds field (0) in front, the AWS fields after it. */
  pattern: string;
  options: Pick<CronOptions, 'timezone' | 'alternativeWeekdays' | 'mode'>;
}

/**
 * Checks a cron written in EventBridge Scheduler's syntax and gives the croner pattern that fires
 * at the same local times, so the local scheduler and the cloud agree. Scheduler's six fields are
 * `minutes hours day-of-month month day-of-week year`; exactly one day field is `?`; weekdays are
 * numbered 1 (SUN) to 7 (SAT), as in Quartz, which croner reads with `alternativeWeekdays`; and
 * `5L` (the last Thursday) is croner's `5#L`.
 */
export function schedulerCron(cron: string, timeZone: string): LocalCron {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new SchedulerCronError(
      `"${cron}" needs six fields (minutes hours day-of-month month day-of-week year), as EventBridge Scheduler reads them.`,
    );
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new SchedulerCronError(
      `"${cron}": exactly one of day-of-month and day-of-week must be "?" (EventBridge Scheduler cannot combine them).`,
    );
  }
  // Scheduler's `5/15` ("from 5, every 15") is croner's `5-59/15`.
  const steps = (field: string, max: number) =>
    field
      .split(',')
      .map((part) => part.replace(/^(\d+)\/(\d+)$/, `$1-${max}/$2`))
      .join(',');
  const weekday = dayOfWeek.replace(/^([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)L$/i, '$1#L');
  const local: LocalCron = {
    pattern: [
      '0',
      steps(minutes, 59),
      steps(hours, 23),
      steps(dayOfMonth, 31),
      steps(month, 12),
      steps(weekday, 7),
      steps(year, 2199),
    ].join(' '),
    options: { timezone: timeZone, alternativeWeekdays: true, mode: '7-part' },
  };
  try {
    new Cron(local.pattern, { ...local.options, paused: true }).stop();
  } catch (error) {
    throw new SchedulerCronError(`"${cron}" is not a valid cron: ${(error as Error).message}`);
  }
  return local;
}

/** The next `count` times a Scheduler cron fires after `from`, read in `timeZone`. */
export function nextFirings(cron: string, timeZone: string, count: number, from = new Date()): Date[] {
  const local = schedulerCron(cron, timeZone);
  const job = new Cron(local.pattern, { ...local.options, paused: true });
  try {
    return job.nextRuns(count, from);
  } finally {
    job.stop();
  }
}
