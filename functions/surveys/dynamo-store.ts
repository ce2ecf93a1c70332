import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../shared/db/client';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { keys, linkedToInitiative } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { queryAll, queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import { question } from './questions';
import { type StoredSurvey, storedSurvey } from './schemas';
import type { StoredResponse, SurveyStore, SurveyVersion } from './store';

/** A version item as stored: its questions are read back through the question schema. */
const storedVersion: z.ZodType<SurveyVersion> = z.object({
  surveyId: z.string(),
  version: z.number().int(),
  questions: z.array(question),
  createdAt: z.string(),
});

/** A response item as stored: answers as validated on submission, the consented profile. */
const storedResponse: z.ZodType<StoredResponse> = z.object({
  responseId: z.string(),
  surveyId: z.string(),
  version: z.number().int(),
  answers: z.record(z.string(), z.unknown()),
  respondent: z
    .object({
      neighbourhood: z.string().optional(),
      ageBand: z.string().optional(),
      language: z.string().optional(),
    })
    .optional(),
  submittedAt: z.string(),
});

const parseSurvey = (item: Record<string, unknown>): StoredSurvey => parseEntity(storedSurvey, item);
const parseVersion = (item: Record<string, unknown>) => parseEntity(storedVersion, item);
const parseResponse = (item: Record<string, unknown>) => parseEntity(storedResponse, item);

const surveyItem = (survey: StoredSurvey) => ({
  ...keys.survey(survey.surveyId),
  ...linkedToInitiative(survey.initiativeId, 'SURVEY', survey.surveyId),
  type: 'Survey',
  ...survey,
});

const versionItem = (version: SurveyVersion) => ({
  ...keys.surveyVersion(version.surveyId, version.version),
  type: 'SurveyVersion',
  ...version,
});

export const dynamoSurveyStore: SurveyStore = {
  async createSurvey(survey, firstVersion) {
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: surveyItem(survey),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: versionItem(firstVersion),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (!result.ok) throw new Error('A new survey collided with an existing item');
  },

  async addResponse(response, event) {
    const result = await transactWrite([
      {
        ConditionCheck: {
          TableName: tableName(),
          Key: keys.survey(response.surveyId),
          ConditionExpression: '#status = :published AND publishedVersion = :version',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':published': 'published', ':version': response.version },
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.surveyResponse(response.surveyId, response.responseId),
            type: 'SurveyResponse',
            ...response,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      outboxPut(tableName(), event),
    ]);
    if (result.ok) return 'added';
    if (result.failedConditions.includes(0)) return 'not-published';
    throw new Error(`Response write refused by condition ${result.failedConditions.join(',')}`);
  },

  async forEachResponse(surveyId, version, visit) {
    for await (const page of dynamoSurveyStore.responsePages(surveyId, { version, pageSize: 1000 }))
      for (const response of page) visit(response);
  },

  async *responsePages(surveyId, { version, pageSize }) {
    const pages = paginateQuery(
      { client: documentClient, pageSize },
      {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        // Reads cost the same with or without the filter; it only saves shipping other versions.
        ...(version === undefined ? {} : { FilterExpression: 'version = :version' }),
        ExpressionAttributeValues: {
          ':pk': keys.survey(surveyId).pk,
          ':prefix': keys.surveyResponsePrefix(),
          ...(version === undefined ? {} : { ':version': version }),
        },
      },
    );
    for await (const page of pages) yield (page.Items ?? []).map(parseResponse);
  },

  responsePage: (surveyId, { version, ...page }) =>
    queryPage(
      {
        partition: { pk: keys.survey(surveyId).pk },
        sortKeyBeginsWith: { sk: keys.surveyResponsePrefix() },
        ...(version === undefined ? {} : { filter: { version } }),
      },
      page,
      parseResponse,
    ),

  async listVersions(surveyId) {
    const items = await queryAll({
      partition: { pk: keys.survey(surveyId).pk },
      sortKeyBeginsWith: keys.surveyVersionPrefix(),
    });
    return items.map(parseVersion);
  },

  async getSurvey(surveyId) {
    const item = await getItem(keys.survey(surveyId));
    return item ? parseSurvey(item) : undefined;
  },

  async getVersion(surveyId, version) {
    const item = await getItem(keys.surveyVersion(surveyId, version));
    return item ? parseVersion(item) : undefined;
  },

  async getResponse(surveyId, responseId) {
    const item = await getItem(keys.surveyResponse(surveyId, responseId));
    return item ? parseResponse(item) : undefined;
  },

  async saveSurvey(survey, expected, version) {
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: surveyItem(survey),
          ConditionExpression: 'currentVersion = :version AND #status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':version': expected.currentVersion, ':status': expected.status },
        },
      },
      ...(version ? [{ Put: { TableName: tableName(), Item: versionItem(version) } }] : []),
    ]);
    if (result.ok) return 'saved';
    if (result.failedConditions.includes(0)) return 'stale';
    throw new Error(`Survey write refused by condition ${result.failedConditions.join(',')}`);
  },
};
