import { ConsentWithdrawn } from '../../events/privacy';
import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { logger } from '../../shared/observability/powertools';
import { dynamoImpactPrivacyStore } from './dynamo-privacy-store';
import { impactPrivacy } from './privacy';

const privacy = impactPrivacy(dynamoImpactPrivacyStore);

/**
 * A withdrawn consent to share demographics takes effect in the activity ledger at once: the
 * person's records lose their neighbourhood and age band. The event pattern (`api.ts`) lets only
 * that purpose through; redelivered events find nothing left to remove.
 */
export const handler = createEventConsumer(async (event) => {
  const detail = ConsentWithdrawn.detail.parse(event.detail);
  if (detail.purpose !== 'demographics') {
    logger.warn('Ignoring a withdrawal this consumer does not handle', { purpose: detail.purpose });
    return;
  }
  const changed = await privacy.withdrawDemographics(detail.participantHash);
  logger.debug('Demographics withdrawn from the activity ledger', { records: changed });
});
