import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../shared/db/client';
import { deleteIfStill, unlessAlreadyDone } from '../../shared/db/conditional-writes';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { keys, personIndexPartition } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { includingExpired } from '../../shared/db/retention-filter';
import { transactWrite } from '../../shared/db/transact';
import { storedChannel } from '../../shared/domain/channel';
import type { ItemKey, PersonRespondent, PersonSurveyItem, SurveyPrivacyStore } from './privacy';
import type { StoredResponse } from './store';

const profile = z
  .object({
    neighbourhood: z.string().optional(),
    ageBand: z.string().optional(),
    language: z.string().optional(),
  })
  .optional();

/** The survey a respondent item belongs to: its attribute, or (items written before it) its partition. */
const surveyIdOf = (item: Record<string, unknown>) =>
  typeof item.surveyId === 'string' ? item.surveyId : String(item.pk).slice('SURVEY#'.length);

const storedRespondent = z.object({
  participantHash: z.string(),
  responseId: z.string(),
  status: z.enum(['pending', 'counted']),
  version: z.number().int(),
  requestedAt: z.string().optional(),
  countedAt: z.string().optional(),
});

const storedConfirmation = z.object({
  surveyId: z.string(),
  responseId: z.string(),
  version: z.number().int(),
  answers: z.record(z.string(), z.unknown()).optional(),
  respondent: profile,
  requestedAt: z.string(),
  lapsesAt: z.number(),
  confirmedAt: z.string().optional(),
});

const storedResponse = z.object({
  responseId: z.string(),
  surveyId: z.string(),
  version: z.number().int(),
  answers: z.record(z.string(), z.unknown()),
  respondent: profile,
  submittedAt: z.string(),
  channel: storedChannel,
});

const keyOf = (item: Record<string, unknown>): ItemKey => ({ pk: String(item.pk), sk: String(item.sk) });

function respondentOf(item: Record<string, unknown>): PersonRespondent {
  return {
    type: 'SurveyRespondent',
    key: keyOf(item),
    surveyId: surveyIdOf(item),
    ...parseEntity(storedRespondent, item),
  };
}

function personItemOf(item: Record<string, unknown>): PersonSurveyItem | undefined {
  if (item.type === 'SurveyRespondent') return respondentOf(item);
  if (item.type === 'SurveyResponseConfirmation')
    return { type: 'SurveyResponseConfirmation', key: keyOf(item), ...parseEntity(storedConfirmation, item) };
  return undefined;
}

/**
 * `answers.#a0 = :blank, …` for the given answers, with their names: the text goes, the answer
 * stays (as `''`), so the results still count the question as answered.
 */
function blankingAnswers(questionIds: readonly string[]) {
  return {
    assignments: questionIds.map((_, index) => `answers.#a${index} = :blank`),
    names: Object.fromEntries(questionIds.map((id, index) => [`#a${index}`, id])),
    values: questionIds.length > 0 ? { ':blank': '' } : {},
  };
}

const expiryCondition = (expectedExpiresAt: number | undefined) =>
  expectedExpiresAt === undefined
    ? { ConditionExpression: 'attribute_exists(pk)' }
    : {
        ConditionExpression: 'attribute_exists(#retention) AND expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#retention': 'retention' },
        ExpressionAttributeValues: { ':expiresAt': expectedExpiresAt },
      };

export const dynamoSurveyPrivacyStore: SurveyPrivacyStore = {
  async itemsOf(participantHash) {
    const items = await queryAll({
      index: 'gsi3',
      partition: personIndexPartition('surveys', participantHash),
    });
    return items.flatMap((item) => personItemOf(item) ?? []);
  },

  async anonymiseRespondent(respondent, as, response, expectedExpiresAt) {
    const current = await getItem(respondent.key, { consistentRead: true });
    if (!current) return false;
    const {
      pk: _pk,
      sk: _sk,
      gsi3pk: _gsi3pk,
      gsi3sk: _gsi3sk,
      participantHash: _participantHash,
      expiresAt: _expiresAt,
      retention: _retention,
      lapsesAt: _lapsesAt,
      ...kept
    } = current;
    const freeText = response?.freeText ?? [];
    const blanking = blankingAnswers(freeText);
    const condition = expiryCondition(expectedExpiresAt);
    const result = await transactWrite([
      {
        Delete: {
          TableName: tableName(),
          Key: respondent.key,
          ConditionExpression:
            expectedExpiresAt === undefined
              ? 'participantHash = :hash'
              : `participantHash = :hash AND ${condition.ConditionExpression}`,
          ...(condition.ExpressionAttributeNames
            ? { ExpressionAttributeNames: condition.ExpressionAttributeNames }
            : {}),
          ExpressionAttributeValues: {
            ':hash': respondent.participantHash,
            ...condition.ExpressionAttributeValues,
          },
        },
      },
      {
        // Still one counted respondent of the survey, so "one response per person" and every count
        // stay as they were; nothing in it leads back to the person.
        Put: {
          TableName: tableName(),
          Item: {
            ...kept,
            ...keys.surveyRespondent(respondent.surveyId, `ERASED#${as}`),
            surveyId: respondent.surveyId,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(response && freeText.length > 0
        ? [
            {
              Update: {
                TableName: tableName(),
                Key: keys.surveyResponse(respondent.surveyId, response.responseId),
                UpdateExpression: `SET ${blanking.assignments.join(', ')}`,
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: blanking.names,
                ExpressionAttributeValues: blanking.values,
              },
            },
          ]
        : []),
    ]);
    if (result.ok) return true;
    // The respondent changed or went since it was read (a concurrent erasure or retention run).
    if (result.failedConditions.includes(0)) return false;
    // The response is gone (nothing to strip): the count is still re-keyed.
    if (result.failedConditions.includes(2) && response)
      return dynamoSurveyPrivacyStore.anonymiseRespondent(respondent, as, undefined, expectedExpiresAt);
    throw new Error(`Respondent anonymisation refused by condition ${result.failedConditions.join(',')}`);
  },

  async deleteItem(key, expectedExpiresAt) {
    await deleteIfStill({
      TableName: tableName(),
      Key: { pk: key.pk, sk: key.sk },
      ...expiryCondition(expectedExpiresAt),
    });
  },

  async respondentAt(key) {
    const item = await getItem({ pk: key.pk, sk: key.sk }, { consistentRead: true });
    return item?.type === 'SurveyRespondent' && typeof item.participantHash === 'string'
      ? respondentOf(item)
      : undefined;
  },

  async responseAt(key): Promise<StoredResponse | undefined> {
    const item = await getItem({ pk: key.pk, sk: key.sk }, { consistentRead: true });
    return item?.type === 'SurveyResponse' ? parseEntity(storedResponse, item) : undefined;
  },

  async anonymiseResponse(key, freeText, expectedExpiresAt) {
    const blanking = blankingAnswers(freeText);
    await unlessAlreadyDone(() =>
      documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: key.pk, sk: key.sk },
          UpdateExpression: `${blanking.assignments.length > 0 ? `SET ${blanking.assignments.join(', ')} ` : ''}REMOVE expiresAt, #retention`,
          ConditionExpression: 'attribute_exists(#retention) AND expiresAt = :expiresAt',
          ExpressionAttributeNames: { ...blanking.names, '#retention': 'retention' },
          ExpressionAttributeValues: { ...blanking.values, ':expiresAt': expectedExpiresAt },
        }),
      ),
    );
  },

  async forgetProfile(item) {
    const key =
      item.type === 'SurveyRespondent'
        ? keys.surveyResponse(item.surveyId, item.responseId)
        : { pk: item.key.pk, sk: item.key.sk };
    await unlessAlreadyDone(() =>
      documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'REMOVE respondent',
          ConditionExpression: 'attribute_exists(respondent)',
        }),
      ),
    );
  },

  includingExpired,
};
