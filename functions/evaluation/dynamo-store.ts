import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../shared/db/client';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { evaluationKeys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import type { DomainEvent } from '../../shared/domain/domain-event';
import { everyPage } from '../../shared/domain/page';
import { retentionAttributes } from '../../shared/privacy/retention';
import {
  evaluationPersonalData,
  type Feedback,
  feedback as feedbackSchema,
  indicator as indicatorSchema,
  logicModel as logicModelSchema,
  measurement as measurementSchema,
  type Reflection,
  reflection as reflectionSchema,
} from './schemas';
import type { EvaluationStore, StoredIndicator, StoredLogicModel, StoredMeasurement } from './store';

// ── What the items hold, parsed as they are read ─────────────────────────────

const storedLogicModel: z.ZodType<StoredLogicModel> = logicModelSchema.extend({ updatedBy: z.string() });
const storedIndicator: z.ZodType<StoredIndicator> = indicatorSchema.extend({ definedBy: z.string() });
const storedMeasurement: z.ZodType<StoredMeasurement> = measurementSchema.extend({
  initiativeId: z.string(),
  measuredAtUtc: z.string(),
  recordedBy: z.string(),
});
const parseLogicModel = (item: Record<string, unknown>) => parseEntity(storedLogicModel, item);
const parseIndicator = (item: Record<string, unknown>) => parseEntity(storedIndicator, item);
const parseMeasurement = (item: Record<string, unknown>) => parseEntity(storedMeasurement, item);
const parseFeedback = (item: Record<string, unknown>): Feedback => parseEntity(feedbackSchema, item);
const feedbackDeclaration = evaluationPersonalData.find((declaration) => declaration.entity === 'Feedback');
const feedbackRetention = (givenAt: Date) => {
  if (!feedbackDeclaration) throw new Error('No personal data declaration for Feedback');
  return retentionAttributes(feedbackDeclaration, givenAt);
};
const parseReflection = (item: Record<string, unknown>): Reflection => parseEntity(reflectionSchema, item);

/** Writes a new record and its event together; a fresh ULID colliding would be our bug, so it throws. */
async function putWithEvent(item: Record<string, unknown>, event: DomainEvent, what: string): Promise<void> {
  const result = await transactWrite([
    { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    outboxPut(tableName(), event),
  ]);
  if (!result.ok) throw new Error(`${what} write refused by condition ${result.failedConditions.join(',')}`);
}

/** The evaluation store on the single table; key shapes are in `shared/db/keys.ts`. */
export const dynamoEvaluationStore: EvaluationStore = {
  async getLogicModel(initiativeId) {
    const item = await getItem(evaluationKeys.logicModel(initiativeId));
    return item ? parseLogicModel(item) : undefined;
  },

  async putLogicModel(model) {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...evaluationKeys.logicModel(model.initiativeId), type: 'LogicModel', ...model },
          // Optimistic versioning: the first version needs no model yet, every later one the version it replaces.
          ConditionExpression: model.version === 1 ? 'attribute_not_exists(pk)' : '#version = :previous',
          ...(model.version === 1
            ? {}
            : {
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':previous': model.version - 1 },
              }),
        }),
      );
      return 'saved';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  },

  addIndicator: (indicator, event) =>
    putWithEvent(
      {
        ...evaluationKeys.indicator(indicator.indicatorId),
        ...evaluationKeys.indicatorList(indicator.indicatorId, indicator.initiativeId),
        type: 'Indicator',
        ...indicator,
      },
      event,
      'Indicator',
    ),

  async getIndicator(indicatorId) {
    const item = await getItem(evaluationKeys.indicator(indicatorId));
    return item ? parseIndicator(item) : undefined;
  },

  listIndicators: (initiativeId, page) =>
    queryPage(
      {
        index: 'gsi2',
        partition: evaluationKeys.indicatorsOfInitiativePartition(initiativeId),
        sortKeyBeginsWith: evaluationKeys.indicatorsOfInitiativePrefix(),
      },
      page,
      parseIndicator,
    ),

  listAllIndicators: (page) =>
    queryPage({ index: 'gsi1', partition: evaluationKeys.allIndicatorsPartition() }, page, parseIndicator),

  addMeasurement: (measurement, event) =>
    putWithEvent(
      {
        ...evaluationKeys.measurement(
          measurement.indicatorId,
          measurement.measuredAtUtc,
          measurement.measurementId,
        ),
        type: 'Measurement',
        ...measurement,
      },
      event,
      'Measurement',
    ),

  async latestMeasurement(indicatorId, atOrBeforeUtc) {
    // One query: the indicator's measurements up to the instant, newest first, just the first.
    const result = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: {
          ':pk': evaluationKeys.indicator(indicatorId).pk,
          ':first': evaluationKeys.measurementPrefix(),
          ':last': evaluationKeys.measurementsUpTo(atOrBeforeUtc),
        },
        ScanIndexForward: false,
        Limit: 1,
        // Staff read their own writes: a value posted a moment ago is the latest.
        ConsistentRead: true,
      }),
    );
    const [item] = result.Items ?? [];
    return item ? parseMeasurement(item) : undefined;
  },

  listMeasurements: (indicatorId, page) =>
    queryPage(
      {
        partition: { pk: evaluationKeys.indicator(indicatorId).pk },
        sortKeyBeginsWith: { sk: evaluationKeys.measurementPrefix() },
        newestFirst: true,
      },
      page,
      parseMeasurement,
    ),

  addFeedback: (feedback, event) =>
    putWithEvent(
      {
        ...evaluationKeys.feedback(feedback.feedbackId),
        ...evaluationKeys.feedbackOfInitiative(feedback.initiativeId, feedback.feedbackId),
        type: 'Feedback',
        ...feedback,
        // Only a comment can say who gave it: without one, nothing in it is personal or expires.
        ...(feedback.comment === undefined ? {} : feedbackRetention(new Date(feedback.givenAt))),
      },
      event,
      'Feedback',
    ),

  listFeedback: (initiativeId, page) =>
    queryPage(
      {
        index: 'gsi2',
        partition: evaluationKeys.feedbackOfInitiativePartition(initiativeId),
        sortKeyBeginsWith: evaluationKeys.feedbackOfInitiativePrefix(),
        newestFirst: true,
      },
      page,
      parseFeedback,
    ),

  addReflection: (reflection, event) =>
    putWithEvent(
      {
        ...evaluationKeys.reflection(reflection.initiativeId, reflection.reflectionId),
        type: 'Reflection',
        ...reflection,
      },
      event,
      'Reflection',
    ),

  listReflections: (initiativeId, page) =>
    queryPage(
      {
        partition: { pk: evaluationKeys.reflectionsOfInitiativePartition(initiativeId) },
        sortKeyBeginsWith: { sk: evaluationKeys.reflectionPrefix() },
        newestFirst: true,
      },
      page,
      parseReflection,
    ),
};

// ── For the impact-summary job ──────────────────────────────────────────────

/** Every indicator of one initiative (tens at most), oldest first. */
export const listIndicators = (initiativeId: string): Promise<StoredIndicator[]> =>
  everyPage((page) => dynamoEvaluationStore.listIndicators(initiativeId, page));

/** Every indicator in the city, grouped by initiative: one query of gsi1, never a scan. */
export const listAllIndicators = (): Promise<StoredIndicator[]> =>
  everyPage((page) => dynamoEvaluationStore.listAllIndicators(page));

/**
 * The measurement of an indicator with the latest `measuredAt` at or before `atOrBefore` (ISO 8601
 * with any offset; compared as instants, to the millisecond), or undefined when none was taken by
 * then. Two measurements of one instant: the one recorded last wins (a correction).
 */
export const latestMeasurement = (
  indicatorId: string,
  atOrBefore: string,
): Promise<StoredMeasurement | undefined> =>
  dynamoEvaluationStore.latestMeasurement(indicatorId, new Date(atOrBefore).toISOString());
