import { z } from 'zod';
import { parseEntity, tableName } from '../../shared/db/items';
import { initiativeLinkPartition, keys, linkedToInitiative } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { queryAll } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import type { EvidenceLink, NeedStore, StoredNeed } from './need-store';
import { need } from './needs-schemas';

/** A need item as stored: the public need without its derived figures, plus the tallies they come from. */
const storedNeed: z.ZodType<StoredNeed> = need.omit({ evidence: true, share: true, score: true }).extend({
  evidence: z.array(need.shape.evidence.element.pick({ surveyId: true, questionId: true, optionIds: true })),
  tallies: z.record(z.string(), z.number()),
});

const evidenceLink: z.ZodType<EvidenceLink> = z.object({
  needId: z.string(),
  evidenceIndex: z.number().int(),
  questionId: z.string(),
  optionIds: z.array(z.string()),
});

/** The sort-key prefix of needs in an initiative's gsi2 partition (`linkedToInitiative('surveys', …, 'NEED', …)`). */
const needLinkType = 'NEED';

/** The needs store on the single table; key shapes are in `shared/db/keys.ts`. */
export const dynamoNeedStore: NeedStore = {
  async addNeed(need, event) {
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.need(need.needId),
            ...linkedToInitiative('surveys', need.initiativeId, needLinkType, need.needId),
            type: 'Need',
            ...need,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...need.evidence.map((item, evidenceIndex) => ({
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.needEvidenceLink(item.surveyId, need.needId, evidenceIndex),
            type: 'NeedEvidenceLink',
            needId: need.needId,
            evidenceIndex,
            questionId: item.questionId,
            optionIds: item.optionIds,
          },
        },
      })),
      // Last, after the links, in the same transaction.
      outboxPut(tableName(), event),
    ]);
    if (!result.ok) throw new Error('A new need collided with an existing item');
  },

  async needsOfInitiative(initiativeId) {
    const items = await queryAll({
      index: 'gsi2',
      partition: initiativeLinkPartition('surveys', initiativeId),
      sortKeyBeginsWith: `${needLinkType}#`,
    });
    return items.map((item) => parseEntity(storedNeed, item));
  },

  async evidenceLinks(surveyId, needId) {
    const items = await queryAll({
      partition: { pk: keys.survey(surveyId).pk },
      sortKeyBeginsWith: `${keys.needEvidenceLinkPrefix()}${needId ? `${needId}#` : ''}`,
    });
    return items.map((item) => parseEntity(evidenceLink, item));
  },

  async countResponse(link, responseId, names) {
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.needCountedResponse(link.needId, link.evidenceIndex, responseId),
            type: 'NeedCountedResponse',
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: keys.need(link.needId),
          UpdateExpression: `ADD tallies.a${link.evidenceIndex} :one, tallies.n${link.evidenceIndex} :names`,
          ExpressionAttributeValues: { ':one': 1, ':names': names ? 1 : 0 },
        },
      },
    ]);
    // A failed marker condition means this response was already counted.
    return result.ok ? 'counted' : 'already-counted';
  },
};
