import { PrivacyRequestConfirmed } from '../../events/privacy';
import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { logger } from '../../shared/observability/powertools';
import { exportStorageFromEnvironment } from '../../shared/storage/export-storage';
import { withdrawConsent } from './consent-ledger';
import { dynamoPrivacyRequestStore } from './dynamo-store';
import { personalDataHolders } from './holders';
import { requestRunner } from './runner';

const runner = requestRunner({
  store: dynamoPrivacyRequestStore,
  holders: personalDataHolders,
  storage: exportStorageFromEnvironment,
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
  withdrawConsent,
});

/**
 * The `privacy-requests` consumer: runs each confirmed request (export, erasure, withdrawal). A
 * failure throws, so EventBridge retries, and the retry resumes after the last recorded step.
 */
export const handler = createEventConsumer(async (event) => {
  const { requestId, type } = PrivacyRequestConfirmed.detail.parse(event.detail);
  const outcome = await runner.run(requestId);
  // The request's ID and type only: never whose it is.
  logger.info('Privacy request run', { requestId, type, outcome });
});
