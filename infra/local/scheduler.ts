import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Cron } from 'croner';
import { type JobSchedule, type ScheduledJob, scheduleInput } from '../../functions/context';
import type { RateLimits } from '../../shared/http/rate-limits';
import { CivicConfigError, loadConfig } from '../config';
import { configEnvironment } from '../function-environment';
import { schedulerCron } from '../scheduler-cron';
import type { Invocation, LocalFunction } from './lambda-runtime';

/** What the local stack takes from the deploy config (`civic.config.json`), overridable by the shell. */
export interface LocalDeploySettings {
  timeZone: string;
  mailFrom: string;
  /** What CDK would put in every function's environment from the config (`configEnvironment`). */
  environment?: Record<string, string>;
  /** The per-IP limits the gateway enforces, as WAF would (`rateLimits`). @default defaultRateLimits */
  rateLimits?: RateLimits;
}

/** `RATE_LIMITS='{"votes":{"requests":100}}'`: overrides `rateLimits`, limit by limit and field by field. */
function rateLimitsFromShell(value: string | undefined): Record<string, unknown> {
  if (!value) return {};
  try {
    return { rateLimits: JSON.parse(value) };
  } catch {
    throw new CivicConfigError(['RATE_LIMITS: is not valid JSON'], 'the environment');
  }
}

/**
 * The city's time zone, sender and rate limits, as `cdk deploy` would use them:
 * `civic.config.json`, then `TIME_ZONE`, `MAIL_FROM` and `RATE_LIMITS` from the shell. A bad
 * config file or value stops the stack with its message.
 */
export function localDeploySettings(env: NodeJS.ProcessEnv, configFile?: string): LocalDeploySettings {
  const config = loadConfig({
    ...(configFile ? { file: configFile } : {}),
    // Validated like CDK context, so `TIME_ZONE=Mars/Base` is refused with the same message.
    context: {
      ...(env.TIME_ZONE ? { timeZone: env.TIME_ZONE } : {}),
      ...(env.MAIL_FROM ? { senderAddress: env.MAIL_FROM } : {}),
      ...rateLimitsFromShell(env.RATE_LIMITS),
    },
  });
  return {
    timeZone: config.timeZone,
    mailFrom: config.senderAddress,
    environment: configEnvironment(config),
    rateLimits: config.rateLimits,
  };
}

/**
 * The environment a job's function gets on top of the stack's: the outbox folder when it mails,
 * where the cloud gives it the SES configuration set (`infra/constructs/mail.ts`).
 */
export function mailingEnvironment(
  mails: boolean | undefined,
  outboxDirectory: string,
): Record<string, string> {
  return mails ? { MAIL_OUTBOX_DIR: outboxDirectory } : {};
}

/** Scheduler's `<aws.scheduler.scheduled-time>` format: UTC, whole seconds. */
export const schedulerTimestamp = (time: Date) => `${time.toISOString().slice(0, 19)}Z`;

export interface LocalSchedulerOptions {
  jobs: readonly ScheduledJob[];
  /** The city's IANA time zone: crons are read in it, as EventBridge Scheduler reads them. */
  timeZone: string;
  functionFor: (job: ScheduledJob) => LocalFunction;
  /** Runs that still failed after the retries, one JSON line each (the cloud's job DLQ). */
  deadLetterFile: string;
  log?: (line: string) => void;
  /**
   * Pauses before each retry of a failed run; Lambda retries an asynchronous invocation twice.
   * @default [60_000, 120_000]
   */
  retryDelaysMs?: readonly number[];
}

export interface RunningScheduler {
  /** One line per schedule, with its next firing, for the start-up banner. */
  describe(): string[];
  /** Fires one schedule as if `scheduledTime` had come (what the timers call); resolves with the last attempt. */
  fire(job: ScheduledJob, schedule: JobSchedule, scheduledTime: Date): Promise<Invocation>;
  /** Waits for the runs under way. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The local EventBridge Scheduler: every registered schedule as a croner timer in the city's time
 * zone, invoking the job's function with the input the cloud schedule would deliver (its
 * scheduled time in place of Scheduler's placeholder). Failed runs are retried like Lambda's
 * asynchronous invocations, then written to the dead-letter file.
 */
export function startLocalScheduler(options: LocalSchedulerOptions): RunningScheduler {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const retryDelays = options.retryDelaysMs ?? [60_000, 120_000];
  const inFlight = new Set<Promise<Invocation>>();
  const timers: { job: ScheduledJob; schedule: JobSchedule; cron: Cron }[] = [];
  let stopped = false;
  // Retry pauses end early on stop, so Ctrl-C never waits for a retry that will not happen.
  const sleepers = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  const run = async (job: ScheduledJob, schedule: JobSchedule, scheduledTime: Date): Promise<Invocation> => {
    const fn = options.functionFor(job);
    const input = scheduleInput(job, schedule, schedulerTimestamp(scheduledTime));
    for (let attempt = 0; ; attempt++) {
      const invocation = await fn.invoke(input);
      if (invocation.ok) {
        log(`  ${job.name} ran for ${JSON.stringify(input)} in ${Math.round(invocation.durationMs)} ms`);
        return invocation;
      }
      const delay = retryDelays[attempt];
      if (delay === undefined || stopped) {
        log(
          `  ${job.name} failed (${invocation.error.errorType}) after ${attempt + 1} attempts; dead-lettered`,
        );
        await mkdir(dirname(options.deadLetterFile), { recursive: true });
        await appendFile(
          options.deadLetterFile,
          `${JSON.stringify({
            failedAt: new Date().toISOString(),
            functionName: fn.functionName,
            error: { errorType: invocation.error.errorType, errorMessage: invocation.error.errorMessage },
            input,
          })}\n`,
        );
        return invocation;
      }
      log(`  ${job.name} failed (${invocation.error.errorType}); retrying in ${Math.round(delay / 1000)} s`);
      await pause(delay);
    }
  };

  const fire = (job: ScheduledJob, schedule: JobSchedule, scheduledTime: Date) => {
    const running = run(job, schedule, scheduledTime);
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
    return running;
  };

  for (const job of options.jobs) {
    for (const schedule of job.schedules) {
      const local = schedulerCron(schedule.cron, options.timeZone);
      const cron = new Cron(local.pattern, { ...local.options, unref: true }, () => {
        // Croner fires at (or just after) the planned second; Scheduler reports the planned minute.
        const scheduledTime = new Date(Math.floor(Date.now() / 60_000) * 60_000);
        void fire(job, schedule, scheduledTime);
      });
      timers.push({ job, schedule, cron });
    }
  }

  return {
    describe: () =>
      timers.map(({ job, schedule, cron }) => {
        const next = cron.nextRun();
        const what = 'period' in schedule ? `, reports the last ${schedule.period}` : '';
        return `${job.name}  cron(${schedule.cron})${what}; next ${next ? next.toISOString() : 'never'}`;
      }),
    fire,
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    stop: async () => {
      // Runs under way end when their functions are stopped; their failure is dead-lettered.
      stopped = true;
      for (const { cron } of timers) cron.stop();
      for (const wake of [...sleepers]) wake();
    },
  };
}
