import type { EventBridgeEvent } from 'aws-lambda';
import { runtimeConfig } from '../../shared/config/runtime';
import { logger } from '../../shared/observability/powertools';
import { recordActivity } from './ledger';

/**
 * Keeps the activity ledger: files each counted event under its local day. Redelivered events
 * file nothing new (every record is a conditional put keyed by the event's id).
 */
export const handler = async (event: EventBridgeEvent<string, unknown>) => {
  const filed = await recordActivity(event['detail-type'], event.detail, runtimeConfig().TIME_ZONE);
  logger.debug('Activity filed', { detailType: event['detail-type'], filed });
};
