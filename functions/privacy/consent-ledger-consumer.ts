import { ConsentRecorded } from '../../events/privacy';
import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { logger } from '../../shared/observability/powertools';
import { recordConsent } from './consent-ledger';

/**
 * The `consent-ledger` consumer: appends each consent a context reports to the person's ledger.
 * A redelivered event finds its record (keyed by the event) and appends nothing.
 */
export const handler = createEventConsumer(async (event) => {
  const given = ConsentRecorded.detail.parse(event.detail);
  const appended = await recordConsent(given);
  // The purpose and where it came from; never whose consent it is.
  logger.info('Consent recorded', { purpose: given.purpose, context: given.context, appended });
});
