import { tableName } from '../../shared/db/items';
import { keys, personIndexKeys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { transactWrite } from '../../shared/db/transact';
import { retentionAttributes } from '../../shared/privacy/retention';
import type { SurveyBatchWrites } from './batch-intake';
import { surveysDeclaration } from './dynamo-store';

/** Surveys' writes of batch responses on the single table; see `SurveyBatchWrites`. */
export const dynamoSurveyBatchWrites: SurveyBatchWrites = {
  async addBatchResponse(response, participantHash, event) {
    const at = new Date(response.submittedAt);
    const respondentKey = participantHash
      ? keys.surveyRespondent(response.surveyId, participantHash)
      : undefined;
    const result = await transactWrite([
      {
        ConditionCheck: {
          TableName: tableName(),
          Key: keys.survey(response.surveyId),
          ConditionExpression: '#status = :published',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':published': 'published' },
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.surveyResponse(response.surveyId, response.responseId),
            type: 'SurveyResponse',
            ...response,
            ...retentionAttributes(surveysDeclaration('SurveyResponse'), at),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(participantHash && respondentKey
        ? [
            {
              // The person's one response: counted now. A pending web request (its link not yet
              // confirmed) gives way, as a newer request would; a counted one refuses.
              Put: {
                TableName: tableName(),
                Item: {
                  ...respondentKey,
                  ...personIndexKeys('surveys', participantHash, {
                    type: 'SurveyRespondent',
                    ...respondentKey,
                  }),
                  type: 'SurveyRespondent',
                  surveyId: response.surveyId,
                  participantHash,
                  responseId: response.responseId,
                  status: 'counted',
                  version: response.version,
                  requestedAt: response.submittedAt,
                  countedAt: response.submittedAt,
                  channel: response.channel,
                  ...retentionAttributes(surveysDeclaration('SurveyRespondent'), at),
                },
                ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':pending': 'pending' },
              },
            },
          ]
        : []),
      outboxPut(tableName(), event),
    ]);
    if (result.ok) return 'added';
    if (result.failedConditions.includes(1)) return 'exists';
    if (result.failedConditions.includes(0)) return 'not-published';
    if (result.failedConditions.includes(2)) return 'already-responded';
    throw new Error(`Batch response write refused by condition ${result.failedConditions.join(',')}`);
  },
};
