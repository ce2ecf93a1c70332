import type { Period, PeriodKind } from '../shared/domain/period';
import {
  instantJobInput,
  namedPeriodJobInput,
  scheduledPeriodJobInput,
  scheduledTimePlaceholder,
} from '../shared/jobs/job-input';

/**
 * Jobs that run on a schedule. Each entry is used verbatim by CDK (one function and one
 * EventBridge Scheduler schedule per cron, in the city's time zone), by the local scheduler that
 * `npm start` runs, and by `npx civic job <name>`, so all three invoke the same handler with the
 * same input.
 *
 * A handler reads its input with `resolvePeriodJobInput` or `resolveInstantJobInput`
 * (`shared/jobs/job-input.ts`). Jobs must be idempotent: Scheduler retries, and people re-run
 * periods.
 */
interface JobBase {
  /** Function name suffix, `POWERTOOLS_SERVICE_NAME`, and the name `civic job` takes. */
  name: string;
  /** One line for `civic job --help`, the local stack's start-up list and the schedule's description. */
  description: string;
  /** Handler module relative to the repository root, exporting `handler(input)`. */
  entry: string;
  tableAccess: 'none' | 'read' | 'readWrite';
  /** Whether the job sends mail: it gets the SES grant and mail settings (the outbox, locally). */
  mails?: boolean;
  /**
   * How long one run may take, in seconds (Lambda allows up to 900).
   * @default 300
   */
  timeoutSeconds?: number;
}

/**
 * A cron in EventBridge Scheduler's syntax — `minutes hours day-of-month month day-of-week year`,
 * one of the day fields `?`, weekdays `1-7` meaning `SUN-SAT` (names work too) — read in the
 * city's time zone, e.g. `0 7 ? * MON *` (Mondays 07:00) or `0 6 1 * ? *` (the 1st, 06:00).
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based
 */
export type Cron = string;

/** A job about a reporting period: each schedule names the kind of period that has just ended when it fires. */
export interface PeriodJob extends JobBase {
  input: 'period';
  schedules: readonly { cron: Cron; period: PeriodKind }[];
}

/** A job about "now" (reminders): it gets `{ now }`, the instant it runs for. */
export interface InstantJob extends JobBase {
  input: 'instant';
  schedules: readonly { cron: Cron }[];
}

export type ScheduledJob = PeriodJob | InstantJob;
export type JobSchedule = ScheduledJob['schedules'][number];

/** The registered jobs. `shift-reminders` (volunteering), `impact-summary` and `digest` (evaluation) land here. */
export const scheduledJobs: readonly ScheduledJob[] = [
  {
    name: 'impact-summary',
    description: 'Compiles the impact summaries of the week or month that has just ended',
    entry: 'functions/impact/summary-job.ts',
    input: 'period',
    tableAccess: 'readWrite',
    schedules: [
      // Early Monday for the ISO week just ended; the 1st of the month for the month just ended.
      { cron: '0 5 ? * MON *', period: 'week' },
      { cron: '0 5 1 * ? *', period: 'month' },
    ],
  },
  {
    name: 'digest',
    description: 'Emails the evaluation digest of the week or month that has just ended to its subscribers',
    entry: 'functions/digest/digest-job.ts',
    input: 'period',
    // It compiles a period's summaries itself when they are missing, so it also writes.
    tableAccess: 'readWrite',
    mails: true,
    schedules: [
      // An hour after the summaries, so the digest reads what the summary job stored.
      { cron: '0 6 ? * MON *', period: 'week' },
      { cron: '0 6 1 * ? *', period: 'month' },
    ],
  },
  {
    name: 'shift-reminders',
    description: 'Reminds confirmed volunteers of shifts and training sessions starting within the lead time',
    entry: 'functions/volunteering/reminder-job.ts',
    input: 'instant',
    // Writes one "reminded" mark per volunteer and shift, so overlapping runs send nothing twice.
    tableAccess: 'readWrite',
    mails: true,
    schedules: [{ cron: '0/15 * * * ? *' }],
  },
];

export function findScheduledJob(
  name: string,
  jobs: readonly ScheduledJob[] = scheduledJobs,
): ScheduledJob | undefined {
  return jobs.find((job) => job.name === name);
}

/**
 * The input a schedule delivers. CDK passes `scheduledTimePlaceholder` (Scheduler substitutes
 * the scheduled time); the local scheduler passes the time it fired.
 */
export function scheduleInput(
  job: ScheduledJob,
  schedule: JobSchedule,
  scheduledTime: string = scheduledTimePlaceholder,
): Record<string, string> {
  if (job.input === 'instant') return instantJobInput(scheduledTime);
  return scheduledPeriodJobInput((schedule as PeriodJob['schedules'][number]).period, scheduledTime);
}

/** The input `civic job` sends: a named period, or the instant for an instant job. */
export function manualInput(job: ScheduledJob, at: { period?: Period; now: Date }): Record<string, string> {
  if (job.input === 'instant') return instantJobInput(at.now.toISOString());
  if (!at.period) throw new Error(`${job.name} runs for a period; name one.`);
  return namedPeriodJobInput(at.period);
}
