import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { runtimeConfig } from '../config/runtime';
import {
  InvalidJobInputError,
  type ResolvedPeriodJob,
  resolveInstantJobInput,
  resolveOnceJobInput,
  resolvePeriodJobInput,
} from '../jobs/job-input';
import { logger, metrics } from '../observability/powertools';
import { withPowertoolsChain } from './powertools-chain';

type JobHandler<R> = (input: unknown, context?: Context) => Promise<R>;

/** Runs `run` on the resolved input under the shared chain, counting each completed run. */
function createJob<J, R>(
  resolve: (input: unknown) => J,
  run: (job: J, context: Context) => Promise<R>,
): JobHandler<R> {
  const handler = withPowertoolsChain(
    middy<unknown, R, Error, Context>(async (input: unknown, context: Context) => {
      const result = await run(resolve(input), context);
      metrics.addMetric('JobRunsCompleted', MetricUnit.Count, 1);
      return result;
    }),
    (_input, context) => context.awsRequestId,
  );
  // Scheduler always passes a context; tests and `npx civic job` may call with the input alone.
  return (input, context) => handler(input, context ?? ({} as Context));
}

/**
 * The Lambda handler of a scheduled job about a reporting period (declared in its context's
 * `api.ts` with `input: 'period'`): the input a schedule or `npx civic job` sends is resolved to
 * the period in the city's time zone, and `run` gets it under the shared Powertools chain.
 */
export function createPeriodJob<R>(
  run: (job: ResolvedPeriodJob, context: Context) => Promise<R>,
): JobHandler<R> {
  return createJob((input) => resolvePeriodJobInput(input, runtimeConfig().TIME_ZONE), run);
}

/** The same for a job about "now" (`input: 'instant'`): `run` gets the instant the schedule fired for. */
export function createInstantJob<R>(
  run: (job: { now: Date }, context: Context) => Promise<R>,
): JobHandler<R> {
  return createJob(resolveInstantJobInput, run);
}

/**
 * The Lambda handler of a once-job (`input: 'once'`): the payload its one-time schedule was made
 * with (`scheduleOnce` in `shared/jobs/one-time-schedules.ts`), or `civic job --input`, is parsed
 * with `schema` and `run` gets it. A payload that does not fit is logged and thrown: the run
 * fails and lands in the job's DLQ instead of doing half the work.
 */
export function createOnceJob<T, R>(
  schema: z.ZodType<T>,
  run: (payload: T, context: Context) => Promise<R>,
): JobHandler<R> {
  return createJob((input) => {
    try {
      return resolveOnceJobInput(schema, input);
    } catch (error) {
      if (error instanceof InvalidJobInputError) logger.error('Refused a once-job payload', { error });
      throw error;
    }
  }, run);
}
