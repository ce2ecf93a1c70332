import { NeedDefined } from '../../events/needs';
import { SurveyResponseSubmitted } from '../../events/surveys';
import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { logger } from '../../shared/observability/powertools';
import { dynamoNeedStore } from './dynamo-need-store';
import { dynamoSurveyStore } from './dynamo-store';
import { needEvidence } from './needs';

const evidence = needEvidence(dynamoNeedStore, dynamoSurveyStore);

/**
 * Keeps needs' evidence tallies current: a new response is counted for the needs that use its
 * survey, and a new need counts the responses that came before it. Redelivered events change
 * nothing, because every count is guarded by a per-response marker.
 */
export const handler = createEventConsumer(async (event) => {
  if (event['detail-type'] === SurveyResponseSubmitted.detailType) {
    const detail = SurveyResponseSubmitted.detail.parse(event.detail);
    await evidence.countNewResponse(detail.surveyId, detail.responseId);
  } else if (event['detail-type'] === NeedDefined.detailType) {
    const detail = NeedDefined.detail.parse(event.detail);
    await evidence.backfillNeed(detail.needId, detail.evidenceSurveyIds);
  } else {
    logger.warn('Ignoring an event this consumer does not handle', { detailType: event['detail-type'] });
  }
});
