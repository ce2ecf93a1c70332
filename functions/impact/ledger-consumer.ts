import { runtimeConfig } from '../../shared/config/runtime';
import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { logger } from '../../shared/observability/powertools';
import { dynamoLedgerStore } from './dynamo-ledger-store';
import { activityLedger } from './ledger';

const ledger = activityLedger(dynamoLedgerStore);

/**
 * Keeps the activity ledger: files each counted event under its local day. Redelivered events
 * file nothing new (every record is a conditional put keyed by the event's id).
 */
export const handler = createEventConsumer(async (event) => {
  const filed = await ledger.recordActivity(event['detail-type'], event.detail, runtimeConfig().TIME_ZONE);
  logger.debug('Activity filed', { detailType: event['detail-type'], filed });
});
