import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../shared/db/client';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { keys, linkedToInitiative, personIndexKeys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { queryAll, queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import { storedChannel } from '../../shared/domain/channel';
import { epochSeconds, hasLapsed } from '../../shared/domain/confirmation';
import { followTextRule } from '../../shared/domain/text';
import { retentionAttributes } from '../../shared/privacy/retention';
import { question } from './questions';
import { type StoredSurvey, storedSurvey, surveysPersonalData } from './schemas';
import type { ResponseConfirmation, StoredResponse, SurveyStore, SurveyVersion } from './store';

/**
 * Versions written before text fields refused control characters may hold them (a line break in
 * a question's title): their texts are read as the rule keeps them, so the question schema still
 * reads them. `help` is the one text of a question that may run over lines.
 */
function readableTexts(value: unknown, long = false): unknown {
  if (typeof value === 'string') return followTextRule(value, long ? 'long' : 'line');
  if (Array.isArray(value)) return value.map((item) => readableTexts(item, long));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, readableTexts(item, long || key === 'help')]),
    );
  return value;
}

/** A version item as stored: its questions are read back through the question schema. */
const storedVersion: z.ZodType<SurveyVersion> = z.object({
  surveyId: z.string(),
  version: z.number().int(),
  questions: z.preprocess((value) => readableTexts(value), z.array(question)),
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
  channel: storedChannel,
});

const respondentProfile = z
  .object({
    neighbourhood: z.string().optional(),
    ageBand: z.string().optional(),
    language: z.string().optional(),
  })
  .optional();

const storedConfirmation: z.ZodType<ResponseConfirmation> = z.object({
  responseId: z.string(),
  surveyId: z.string(),
  initiativeId: z.string(),
  version: z.number().int(),
  answers: z.record(z.string(), z.unknown()).optional(),
  respondent: respondentProfile,
  participantHash: z.string(),
  channel: storedChannel,
  tokenHash: z.string(),
  lapsesAt: z.number(),
  requestedAt: z.string(),
  surveyTitle: z.record(z.string(), z.string()),
  answeredQuestions: z.number().int(),
  complete: z.boolean(),
  confirmedAt: z.string().optional(),
});

/** A respondent item: pending (the latest request's link) or counted. */
const storedRespondent = z.object({
  status: z.enum(['pending', 'counted']),
  version: z.number().int(),
  lapsesAt: z.number().optional(),
});

/**
 * How long a pending response's items outlive their deadline before TTL removes them: long enough
 * that a late click still gets "expired" or "already confirmed" rather than "unknown". The deadline
 * itself is `lapsesAt` (the TTL attribute `expiresAt` is the table's, and no decision waits for TTL).
 */
const KEEP_AFTER_LAPSE_SECONDS = 7 * 24 * 3600;

/** The survey is still open to responses (at any version: a response keeps the one it answered). */
const surveyStillPublished = (surveyId: string) => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: keys.survey(surveyId),
    ConditionExpression: '#status = :published',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':published': 'published' },
  },
});

/** An entity's personal-data declaration: what its retention attributes come from. */
export function surveysDeclaration(entity: string) {
  const declaration = surveysPersonalData.find((candidate) => candidate.entity === entity);
  if (!declaration) throw new Error(`Surveys declare no personal data for ${entity}`);
  return declaration;
}

const parseSurvey = (item: Record<string, unknown>): StoredSurvey => parseEntity(storedSurvey, item);
const parseVersion = (item: Record<string, unknown>) => parseEntity(storedVersion, item);
const parseResponse = (item: Record<string, unknown>) => parseEntity(storedResponse, item);

const surveyItem = (survey: StoredSurvey) => ({
  ...keys.survey(survey.surveyId),
  ...linkedToInitiative('surveys', survey.initiativeId, 'SURVEY', survey.surveyId),
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
            ...retentionAttributes(surveysDeclaration('SurveyResponse'), new Date(response.submittedAt)),
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

  async requestResponse(pending) {
    const expiresAt = pending.lapsesAt + KEEP_AFTER_LAPSE_SECONDS;
    const result = await transactWrite([
      {
        ConditionCheck: {
          TableName: tableName(),
          Key: keys.survey(pending.surveyId),
          ConditionExpression: '#status = :published AND publishedVersion = :version',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':published': 'published', ':version': pending.version },
        },
      },
      {
        // The respondent's one item: pending until confirmed. A newer request replaces a pending
        // one (its link stops working); a counted one stays as it is.
        Put: {
          TableName: tableName(),
          // Its `expiresAt` is the lapse deadline (no `retention`: reads must still see a lapsed
          // one); confirming gives it its retention. The person index finds it for export and erasure.
          Item: {
            ...keys.surveyRespondent(pending.surveyId, pending.participantHash),
            ...personIndexKeys('surveys', pending.participantHash, {
              type: 'SurveyRespondent',
              ...keys.surveyRespondent(pending.surveyId, pending.participantHash),
            }),
            type: 'SurveyRespondent',
            surveyId: pending.surveyId,
            participantHash: pending.participantHash,
            responseId: pending.responseId,
            status: 'pending',
            version: pending.version,
            requestedAt: pending.requestedAt,
            lapsesAt: pending.lapsesAt,
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending' },
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.surveyResponseConfirmation(pending.surveyId, pending.responseId),
            ...personIndexKeys('surveys', pending.participantHash, {
              type: 'SurveyResponseConfirmation',
              ...keys.surveyResponseConfirmation(pending.surveyId, pending.responseId),
            }),
            type: 'SurveyResponseConfirmation',
            ...pending,
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (result.ok) return 'pending';
    if (result.failedConditions.includes(0)) return 'not-published';
    if (result.failedConditions.includes(1)) return 'already-counted';
    throw new Error(`Response request refused by condition ${result.failedConditions.join(',')}`);
  },

  getResponseConfirmation: (surveyId, responseId) =>
    getItem(keys.surveyResponseConfirmation(surveyId, responseId), { consistentRead: true }).then((item) =>
      item ? parseEntity(storedConfirmation, item) : undefined,
    ),

  async confirmResponse(confirmation, confirmedAt, events) {
    const { surveyId, responseId, participantHash } = confirmation;
    const response: StoredResponse = {
      responseId,
      surveyId,
      version: confirmation.version,
      answers: confirmation.answers,
      ...(confirmation.respondent ? { respondent: confirmation.respondent } : {}),
      submittedAt: confirmation.requestedAt,
      channel: confirmation.channel,
    };
    const confirmedInstant = new Date(confirmedAt);
    // Confirmed, both items are kept for good: their lapse deadline gives way to their retention.
    const confirmationRetention = retentionAttributes(
      surveysDeclaration('SurveyResponseConfirmation'),
      confirmedInstant,
    );
    const respondentRetention = retentionAttributes(surveysDeclaration('SurveyRespondent'), confirmedInstant);
    const result = await transactWrite([
      {
        // Used once, and only before it lapses: the clock decides here, not TTL deletion. The
        // answers move to the counted response item.
        Update: {
          TableName: tableName(),
          Key: keys.surveyResponseConfirmation(surveyId, responseId),
          UpdateExpression:
            'SET confirmedAt = :at, expiresAt = :expiresAt, #retention = :retention REMOVE answers, respondent',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(confirmedAt) AND lapsesAt > :now',
          ExpressionAttributeNames: { '#retention': 'retention' },
          ExpressionAttributeValues: {
            ':at': confirmedAt,
            ':now': epochSeconds(confirmedInstant),
            ':expiresAt': confirmationRetention.expiresAt,
            ':retention': confirmationRetention.retention,
          },
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: keys.surveyRespondent(surveyId, participantHash),
          UpdateExpression:
            'SET #status = :counted, countedAt = :at, expiresAt = :expiresAt, #retention = :retention REMOVE lapsesAt',
          ConditionExpression: '#status = :pending AND responseId = :responseId',
          ExpressionAttributeNames: { '#status': 'status', '#retention': 'retention' },
          ExpressionAttributeValues: {
            ':counted': 'counted',
            ':pending': 'pending',
            ':responseId': responseId,
            ':at': confirmedAt,
            ':expiresAt': respondentRetention.expiresAt,
            ':retention': respondentRetention.retention,
          },
        },
      },
      surveyStillPublished(surveyId),
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.surveyResponse(surveyId, responseId),
            type: 'SurveyResponse',
            ...response,
            assurance: 'email',
            confirmedAt,
            ...retentionAttributes(surveysDeclaration('SurveyResponse'), confirmedInstant),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...events.map((event) => outboxPut(tableName(), event)),
    ]);
    if (result.ok) return 'counted';
    if (result.failedConditions.includes(0)) {
      const current = await dynamoSurveyStore.getResponseConfirmation(surveyId, responseId);
      return current?.confirmedAt ? 'already-confirmed' : 'lapsed';
    }
    if (result.failedConditions.includes(1)) return 'superseded';
    if (result.failedConditions.includes(2)) return 'not-published';
    throw new Error(`Response confirmation refused by condition ${result.failedConditions.join(',')}`);
  },

  async countAwaitingConfirmation(surveyId, version, now) {
    const items = await queryAll({
      partition: { pk: keys.survey(surveyId).pk },
      sortKeyBeginsWith: keys.surveyRespondentPrefix(),
    });
    return items
      .map((item) => parseEntity(storedRespondent, item))
      .filter(
        (respondent) =>
          respondent.status === 'pending' &&
          respondent.version === version &&
          respondent.lapsesAt !== undefined &&
          !hasLapsed({ expiresAt: respondent.lapsesAt }, now),
      ).length;
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
