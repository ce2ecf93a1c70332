import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCredentials, localRegion } from '../../infra/local/dynamodb-local';
import {
  type LocalOneTimeSchedule,
  localFunctionArn,
  localOneTimeScheduleEnvironment,
  startOneTimeScheduler,
} from '../../infra/local/one-time-scheduler';
import { localApi } from '../../infra/local/proxy-event';

export interface TestOneTimeSchedulerOptions {
  /** The once-jobs schedules may name (`ONE_TIME_JOBS`). */
  jobs: readonly string[];
  /** Runs a fired schedule's job: call its handler, or record the payload. A throw is a failed run. */
  invoke: (job: string, payload: unknown) => unknown;
  /** Where schedules are kept; give the same file again to see them survive a restart. @default a new temporary file */
  file?: string;
}

export interface TestOneTimeScheduler {
  endpoint: string;
  /** The environment of a function that schedules `jobs` (assign it to `process.env`, then `resetRuntimeConfig()` and `resetOneTimeSchedules()`). */
  env: Record<string, string>;
  /** Moves the clock: fires every schedule due at `now`, once each; resolves with the ones fired. */
  fireDue(now: Date): Promise<LocalOneTimeSchedule[]>;
  /** The schedules waiting, soonest first (`name`, `at`, `target.input`…). */
  list(): LocalOneTimeSchedule[];
  file: string;
  stop(): Promise<void>;
}

/**
 * The local one-time Scheduler (`infra/local/one-time-scheduler.ts`) for a test: schedules made
 * through the real `SchedulerClient` land in it, and nothing fires until the test moves the clock
 * with `fireDue`. Failed runs are not retried.
 */
export async function startLocalOneTimeScheduler(
  options: TestOneTimeSchedulerOptions,
): Promise<TestOneTimeScheduler> {
  const folder = options.file ? undefined : mkdtempSync(join(tmpdir(), 'civic-schedules-'));
  const file = options.file ?? join(folder as string, 'one-time-schedules.json');
  const jobs = options.jobs.map((name) => ({ name }));
  const jobByArn = new Map(
    jobs.map((job) => [localFunctionArn(job, localRegion, localApi.accountId), job.name]),
  );
  const groupName = 'civic-test-once';
  const scheduler = await startOneTimeScheduler({
    file,
    groupName,
    region: localRegion,
    accountId: localApi.accountId,
    isTarget: (arn) => jobByArn.has(arn),
    invoke: async (arn, payload) => {
      const started = performance.now();
      try {
        const value = await options.invoke(jobByArn.get(arn) as string, payload);
        return { ok: true, value, requestId: 'test', durationMs: performance.now() - started };
      } catch (error) {
        const { name, message } = error instanceof Error ? error : new Error(String(error));
        return {
          ok: false,
          error: { errorType: name, errorMessage: message, trace: [] },
          requestId: 'test',
          durationMs: performance.now() - started,
        };
      }
    },
    retryDelaysMs: [],
    timers: false,
    log: () => {},
  });
  return {
    endpoint: scheduler.endpoint,
    env: {
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      ...localOneTimeScheduleEnvironment({
        endpoint: scheduler.endpoint,
        groupName,
        region: localRegion,
        accountId: localApi.accountId,
        jobs,
      }),
    },
    fireDue: (now) => scheduler.fireDue(now),
    list: () => scheduler.list(),
    file,
    stop: async () => {
      await scheduler.stop();
      if (folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}
