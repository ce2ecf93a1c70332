import { createPeriodJob } from '../../shared/lambda/scheduled-job';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { logger } from '../../shared/observability/powertools';
import { digestService } from './digests';
import { dynamoDeliveryStore } from './dynamo-delivery-store';
import { publishedSources } from './sources';

const digests = digestService(dynamoDeliveryStore, publishedSources);

/** The job's work on its own, wired as the job runs it (tests drive it with a mailer of their own). */
export const sendDigests = digests.sendDigests;

/**
 * The `digest` job: emails the period's evaluation digest to every subscriber of its frequency.
 * Failures are reported per subscription (logged, without addresses). If any could be sent later,
 * the run fails after trying everyone, so Scheduler's retry policy tries again — and, thanks to
 * the delivery records, sends only what did not go out.
 */
export const handler = createPeriodJob(async ({ period }) => {
  const report = await sendDigests(period, mailerFromEnvironment(), {
    onProgress: (message) => logger.info(message),
  });
  for (const failure of report.failed) logger.error('Digest not delivered', { ...failure });
  const retryable = report.failed.filter((failure) => !failure.permanent);
  if (retryable.length > 0)
    throw new Error(`${retryable.length} digest(s) could not be sent for now; a retry sends only those.`);
  return report;
});
