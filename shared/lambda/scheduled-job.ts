import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { runtimeConfig } from '../config/runtime';
import { type ResolvedPeriodJob, resolveInstantJobInput, resolvePeriodJobInput } from '../jobs/job-input';
import { withPowertoolsChain } from './powertools-chain';

/**
 * The Lambda handler of a scheduled job about a reporting period (declared in its context's
 * `api.ts` with `input: 'period'`): the input a schedule or `npx civic job` sends is resolved to
 * the period in the city's time zone, and `run` gets it under the shared Powertools chain.
 */
export function createPeriodJob<R>(run: (job: ResolvedPeriodJob, context: Context) => Promise<R>) {
  return withPowertoolsChain(
    middy<unknown, R, Error, Context>((input: unknown, context: Context) =>
      run(resolvePeriodJobInput(input, runtimeConfig().TIME_ZONE), context),
    ),
    (_input, context) => context.awsRequestId,
  );
}

/** The same for a job about "now" (`input: 'instant'`): `run` gets the instant the schedule fired for. */
export function createInstantJob<R>(run: (job: { now: Date }, context: Context) => Promise<R>) {
  return withPowertoolsChain(
    middy<unknown, R, Error, Context>((input: unknown, context: Context) =>
      run(resolveInstantJobInput(input), context),
    ),
    (_input, context) => context.awsRequestId,
  );
}
