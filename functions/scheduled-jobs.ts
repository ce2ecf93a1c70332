import { findScheduledJob as findJob, type ScheduledJob } from './context';

export type { Cron, InstantJob, JobSchedule, PeriodJob, ScheduledJob } from './context';
export { manualInput, scheduleInput } from './context';

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
  return findJob(name, jobs);
}
