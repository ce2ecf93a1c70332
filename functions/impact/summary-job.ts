import { runtimeConfig } from '../../shared/config/runtime';
import { resolvePeriodJobInput } from '../../shared/jobs/job-input';
import { logger } from '../../shared/observability/powertools';
import { compileImpactSummaries } from './summary';

/**
 * The `impact-summary` job: compiles the summaries of the period the input names (or that had
 * just ended when the schedule fired). Re-running a period replaces its summaries with the same
 * figures, so Scheduler's retries and people's re-runs are harmless.
 */
export const handler = async (input: unknown) => {
  const { period } = resolvePeriodJobInput(input, runtimeConfig().TIME_ZONE);
  return compileImpactSummaries(period, { onProgress: (message) => logger.info(message) });
};
