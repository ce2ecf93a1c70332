import type { EventBridgeEvent } from 'aws-lambda';
import { NeedDefined } from '../../events/needs';
import { SurveyResponseSubmitted } from '../../events/surveys';
import { logger } from '../../shared/observability/powertools';
import { backfillNeed, countNewResponse } from './needs';

/**
 * Keeps needs' evidence tallies current: a new response is counted for the needs that use its
 * survey, and a new need counts the responses that came before it. Redelivered events change
 * nothing, because every count is guarded by a per-response marker.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>) => {
  if (event['detail-type'] === SurveyResponseSubmitted.detailType) {
    const detail = SurveyResponseSubmitted.detail.parse(event.detail);
    await countNewResponse(detail.surveyId, detail.responseId);
  } else if (event['detail-type'] === NeedDefined.detailType) {
    const detail = NeedDefined.detail.parse(event.detail);
    await backfillNeed(detail.needId, detail.evidenceSurveyIds);
  } else {
    logger.warn('Ignoring an event this consumer does not handle', { detailType: event['detail-type'] });
  }
};
