import { TZDate } from '@date-fns/tz';
import type { Job } from '../../functions/context';
import type { PeriodRange } from '../../shared/domain/period';
import { civicPaths, type StackState } from './civic-home';
import { localRegion } from './dynamodb-local';
import { createLocalFunction, type Invocation } from './lambda-runtime';
import { mailingEnvironment } from './scheduler';

/** `2025-03-01T00:00:00+01:00`: a period bound as the city reads it. */
export function localTime(instant: Date, timeZone: string): string {
  return new TZDate(instant.getTime(), timeZone).toISOString().replace(/\.000(?=[+-Z])/, '');
}

export const describeRange = (range: PeriodRange, timeZone: string) =>
  `${localTime(range.start, timeZone)} to ${localTime(range.end, timeZone)}, ${timeZone}`;

export interface RunJobOptions {
  job: Job;
  /** What the schedule would deliver (`manualInput`, or a once-job's payload). */
  input: Record<string, unknown>;
  /** The running stack (`stack.json`): its functions' environment. */
  stack: StackState;
  home: string;
  /** A line every `progressEveryMs` while the job runs, so a long job is visibly alive. */
  progress: (line: string) => void;
  progressEveryMs?: number;
}

/**
 * Runs one job's handler once, in its own local function environment, with the environment the
 * running stack gives its functions (and the outbox when the job mails): what the local scheduler
 * does when a schedule fires, without the retries.
 */
export async function runJobOnStack(options: RunJobOptions): Promise<Invocation> {
  const { job, stack } = options;
  const functionName = `civic-${job.name}`;
  const timeoutSeconds = job.timeoutSeconds ?? 300;
  const fn = createLocalFunction({
    functionName,
    entry: job.entry,
    env: {
      ...stack.env,
      ...mailingEnvironment(job.mails, civicPaths(options.home).outbox),
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
      POWERTOOLS_SERVICE_NAME: job.name,
    },
    region: localRegion,
    timeoutMs: timeoutSeconds * 1000,
  });
  const started = Date.now();
  const ticker = setInterval(() => {
    options.progress(`${job.name} still running (${Math.round((Date.now() - started) / 1000)} s)…`);
  }, options.progressEveryMs ?? 10_000);
  try {
    return await fn.invoke(options.input);
  } finally {
    clearInterval(ticker);
    await fn.stop();
  }
}
