import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { runtimeConfig } from '../config/runtime';
import { tracer } from '../observability/powertools';
import { createSchedulerOneTimeSchedules } from './scheduler-one-time-schedules';

/*
 * One-time schedules: "run this once-job at that moment, with this payload", for deadlines that
 * belong to one record (a petition's response deadline, its reminder a week before).
 *
 * - The job is declared in the context's `api.ts` with `input: 'once'` (no cron), its handler
 *   built with `createOnceJob(schema, run)`; a function that makes schedules names the jobs in
 *   its declaration's `schedulesJobs` (its own context's only). CDK grants exactly that.
 * - In the cloud each schedule is an EventBridge Scheduler `at(…)` schedule in the city's
 *   one-time schedule group (not the cron group, so no function can delete a cron), in UTC,
 *   with no flexible window, deleted by Scheduler once it has invoked the job; Lambda is invoked
 *   asynchronously with the payload as the event. Under `npm start` the same SDK calls reach
 *   the local Scheduler endpoint (`infra/local/one-time-scheduler.ts`), which keeps schedules
 *   in `$CIVIC_HOME` and fires them on time.
 * - Names are the idempotency keys: derive them from the record and the purpose
 *   (`petition-<id>-overdue`), so a consumer that runs twice makes one schedule, and `cancel`
 *   needs nothing stored. A schedule fires at least once, and a cancel can race the firing:
 *   the job checks that what it was scheduled for still holds.
 * - A moment already past fires about a minute from now: Scheduler refuses `at(…)` in the past,
 *   and a deadline that passed while the schedule was being made must still be acted on.
 */

/** Makes and deletes one-time schedules of this function's once-jobs. */
export interface OneTimeSchedules {
  /**
   * Creates the schedule `name` (unique in the group) to invoke once-job `job` at `at` with
   * `payload`. Creating a name that exists already is not an error (idempotent: consumers are
   * at-least-once); the existing schedule is kept as it is.
   */
  scheduleOnce(spec: OneTimeScheduleSpec): Promise<void>;
  /** Deletes the schedule; one that does not exist (already fired and deleted, or never made) is fine. */
  cancel(name: string): Promise<void>;
}

export interface OneTimeScheduleSpec {
  name: string;
  job: string;
  at: Date;
  payload: Record<string, unknown>;
}

/** A schedule name Scheduler would refuse: 1–64 characters of letters, digits, `-`, `_` and `.`. */
export class InvalidScheduleNameError extends Error {
  override readonly name = 'InvalidScheduleNameError';
}

const scheduleName = /^[0-9a-zA-Z._-]{1,64}$/;

/** Throws unless `name` is a schedule name Scheduler accepts. */
export function assertScheduleName(name: string): void {
  if (!scheduleName.test(name))
    throw new InvalidScheduleNameError(
      `"${name}" is not a schedule name: use 1 to 64 letters, digits, "-", "_" or "." (e.g. petition-<id>-overdue).`,
    );
}

/** `schedules` with every name checked first, as Scheduler would refuse it, whatever the adapter. */
export function checkingNames(schedules: OneTimeSchedules): OneTimeSchedules {
  return {
    scheduleOnce: async (spec) => {
      assertScheduleName(spec.name);
      await schedules.scheduleOnce(spec);
    },
    cancel: async (name) => {
      assertScheduleName(name);
      await schedules.cancel(name);
    },
  };
}

let cached: OneTimeSchedules | undefined;

/**
 * The one-time schedules of this function, made once per execution environment from the settings
 * CDK (or the local stack) gives a function that declares `schedulesJobs`:
 * `ONE_TIME_SCHEDULE_GROUP`, `ONE_TIME_SCHEDULER_ROLE_ARN` and `ONE_TIME_JOBS`. A function
 * without them fails at its first call with a message saying what to declare.
 */
export function oneTimeSchedulesFromEnvironment(): OneTimeSchedules {
  if (cached) return cached;
  const config = runtimeConfig();
  if (!config.ONE_TIME_SCHEDULE_GROUP || !config.ONE_TIME_SCHEDULER_ROLE_ARN)
    throw new Error(
      'Invalid function configuration: ONE_TIME_SCHEDULE_GROUP and ONE_TIME_SCHEDULER_ROLE_ARN are required to make one-time schedules. Name the once-jobs in the function’s `schedulesJobs`.',
    );
  cached = checkingNames(
    createSchedulerOneTimeSchedules({
      groupName: config.ONE_TIME_SCHEDULE_GROUP,
      roleArn: config.ONE_TIME_SCHEDULER_ROLE_ARN,
      jobs: config.ONE_TIME_JOBS,
      client: tracer.captureAWSv3Client(new SchedulerClient({})),
    }),
  );
  return cached;
}

/** Forget the schedules client (tests that change the environment). */
export function resetOneTimeSchedules(): void {
  cached = undefined;
}
