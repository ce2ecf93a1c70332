import { NeedDefined } from '../../events/needs';
import { ConsentWithdrawn } from '../../events/privacy';
import { SurveyResponseSubmitted } from '../../events/surveys';
import { runtimeConfig } from '../../shared/config/runtime';
import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { logger } from '../../shared/observability/powertools';
import { dynamoNeedStore } from './dynamo-need-store';
import { dynamoSurveyPrivacyStore } from './dynamo-privacy-store';
import { dynamoSurveyStore } from './dynamo-store';
import { needEvidence } from './needs';
import { surveysPrivacy } from './privacy';

const evidence = needEvidence(dynamoNeedStore, dynamoSurveyStore);
const privacy = surveysPrivacy(dynamoSurveyPrivacyStore, dynamoSurveyStore, {
  language: () => runtimeConfig().LOCALES[0] ?? 'en',
});

/**
 * Keeps needs' evidence tallies current: a new response is counted for the needs that use its
 * survey, and a new need counts the responses that came before it. Redelivered events change
 * nothing, because every count is guarded by a per-response marker.
 *
 * Also makes a withdrawn consent to share demographics take effect in surveys at once: the
 * person's responses lose the neighbourhood, age band and language they shared (a redelivery
 * finds nothing left to remove). Withdrawals of other purposes are not surveys' concern.
 */
export const handler = createEventConsumer(async (event) => {
  if (event['detail-type'] === SurveyResponseSubmitted.detailType) {
    const detail = SurveyResponseSubmitted.detail.parse(event.detail);
    await evidence.countNewResponse(detail.surveyId, detail.responseId);
  } else if (event['detail-type'] === NeedDefined.detailType) {
    const detail = NeedDefined.detail.parse(event.detail);
    await evidence.backfillNeed(detail.needId, detail.evidenceSurveyIds);
  } else if (event['detail-type'] === ConsentWithdrawn.detailType) {
    const detail = ConsentWithdrawn.detail.parse(event.detail);
    if (detail.purpose === 'demographics') await privacy.withdrawDemographics(detail.participantHash);
  } else {
    logger.warn('Ignoring an event this consumer does not handle', { detailType: event['detail-type'] });
  }
});
