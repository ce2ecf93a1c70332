import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { contributionKinds } from '../../events/participation';
import { runtimeConfig } from '../../shared/config/runtime';
import { documentClient } from '../../shared/db/client';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { keys, personIndexKeys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { queryAll, queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import { storedChannel } from '../../shared/domain/channel';
import { assuranceLevel, epochSeconds, hasLapsed } from '../../shared/domain/confirmation';
import type { PageRequest } from '../../shared/domain/page';
import { type RetentionAttributes, retentionAttributes } from '../../shared/privacy/retention';
import { parseInitiative } from './dynamo-initiative-reads';
import { isVisible, visibleStatuses } from './rules';
import {
  contribution as contributionSchema,
  engagement as engagementSchema,
  participationPersonalData,
  type StoredEngagement,
} from './schemas';
import type { ParticipationStore, StoredContribution, VoteConfirmation } from './store';

/** An engagement item as stored: the API's shape without what is derived at request time. */
const storedEngagement: z.ZodType<StoredEngagement> = engagementSchema.omit({
  status: true,
  currentPhase: true,
});
const parseEngagement = (item: Record<string, unknown>) => parseEntity(storedEngagement, item);

/** A contribution item as stored: the public shape plus the link, the participant hash and contact. */
const storedContribution: z.ZodType<StoredContribution> = contributionSchema.extend({
  initiativeId: z.string(),
  participantHash: z.string().optional(),
  contact: z
    .object({ email: z.string(), name: z.string().optional(), consentToContact: z.boolean() })
    .optional(),
  consentToContact: z.boolean().optional(),
  erasedAt: z.string().optional(),
  channel: storedChannel,
});
const parseContribution = (item: Record<string, unknown>) => parseEntity(storedContribution, item);
/** What the public list shows: the public shape only, whatever else the item holds. */
const parsePublishedContribution = (item: Record<string, unknown>) => parseEntity(contributionSchema, item);

/** A participant's vote item; items from before assurance levels were counted at once (`open`). */
const storedVote = z.object({
  status: z.enum(['pending', 'counted']).default('counted'),
  assurance: assuranceLevel.default('open'),
  lapsesAt: z.number().optional(),
  channel: storedChannel,
});

/**
 * How long a vote's confirmation items outlive their deadline before TTL removes them: long enough
 * that a late click still gets "expired" or "already confirmed" rather than "unknown". The deadline
 * itself is `lapsesAt` (the TTL attribute is the table's, and no decision waits for TTL).
 */
const KEEP_AFTER_LAPSE_SECONDS = 7 * 24 * 3600;

const storedVoteConfirmation: z.ZodType<VoteConfirmation> = z.object({
  voteId: z.string(),
  contributionId: z.string(),
  contributionKind: z.enum(contributionKinds),
  engagementId: z.string(),
  initiativeId: z.string(),
  participantHash: z.string(),
  channel: storedChannel,
  tokenHash: z.string(),
  lapsesAt: z.number(),
  requestedAt: z.string(),
  engagementTitle: z.record(z.string(), z.string()),
  confirmedAt: z.string().optional(),
});

/** Bumps a contribution's public tally, on condition that it is still visible. */
const tallyUpdate = (contributionId: string) => ({
  Update: {
    TableName: tableName(),
    Key: keys.contribution(contributionId),
    UpdateExpression: 'ADD voteCount :one',
    ConditionExpression: 'attribute_exists(pk) AND #status IN (:s0, :s1)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':one': 1, ':s0': visibleStatuses[0], ':s1': visibleStatuses[1] },
  },
});

/** The declarations whose retention participation's items carry (`schemas.ts`). */
const declarationOf = (entity: 'Contribution' | 'Vote' | 'VoteConfirmation') => {
  const declaration = participationPersonalData.find((candidate) => candidate.entity === entity);
  if (!declaration) throw new Error(`No personal data declaration for ${entity}`);
  return declaration;
};

/**
 * What makes a vote item findable by its person (gsi3) and what names them outside the key: a
 * pending vote as well, so an erasure finds it; only a counted vote carries retention (a pending
 * one's `expiresAt` is its lapse deadline, which code reads past on purpose).
 */
const voteIdentity = (contributionId: string, participantHash: string) => ({
  participantHash,
  ...personIndexKeys('participation', participantHash, {
    type: 'Vote',
    ...keys.vote(contributionId, participantHash),
  }),
});

/** `{ expiresAt, retention }` as the `:expiresAt`, `:retention` values of an update expression. */
const expressionValues = ({ expiresAt, retention }: RetentionAttributes) => ({
  ':expiresAt': expiresAt,
  ':retention': retention,
});

const parsed = async <T>(
  key: { pk: string; sk: string },
  parse: (item: Record<string, unknown>) => T,
): Promise<T | undefined> => {
  const item = await getItem(key);
  return item ? parse(item) : undefined;
};

/** Creates an item that must not exist yet; a duplicate ID would be our bug, so it throws. */
async function putNew(item: Record<string, unknown>): Promise<void> {
  await documentClient.send(
    new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
  );
}

function contributionIndexKeys(contribution: StoredContribution) {
  return {
    ...(isVisible(contribution.status)
      ? keys.publishedContribution(
          contribution.engagementId,
          contribution.contributionId,
          contribution.parentId,
        )
      : {}),
    ...keys.contributionModerationQueue(
      contribution.engagementId,
      contribution.status,
      contribution.contributionId,
    ),
  };
}

/** The participation store on the single table; key shapes are in `shared/db/keys.ts`. */
export const dynamoParticipationStore: ParticipationStore = {
  putInitiative: (initiative) =>
    putNew({
      ...keys.initiative(initiative.initiativeId),
      ...keys.initiativeList(initiative.initiativeId),
      type: 'Initiative',
      ...initiative,
    }),
  getInitiative: (initiativeId) => parsed(keys.initiative(initiativeId), parseInitiative),
  listInitiatives: (page) =>
    queryPage({ index: 'gsi1', partition: keys.initiativeListPartition() }, page, parseInitiative),

  putEngagement: (engagement) =>
    putNew({
      ...keys.engagement(engagement.engagementId),
      ...keys.engagementList(engagement.engagementId, engagement.initiativeId),
      type: 'Engagement',
      ...engagement,
    }),
  getEngagement: (engagementId) => parsed(keys.engagement(engagementId), parseEngagement),
  listEngagements: ({ initiativeId }, page: PageRequest) =>
    initiativeId
      ? queryPage(
          {
            index: 'gsi2',
            partition: { gsi2pk: keys.initiative(initiativeId).pk },
            sortKeyBeginsWith: { gsi2sk: 'ENGAGEMENT#' },
          },
          page,
          parseEngagement,
        )
      : queryPage({ index: 'gsi1', partition: keys.engagementListPartition() }, page, parseEngagement),

  async addContribution(contribution, events) {
    const key = keys.contribution(contribution.contributionId);
    const items: Parameters<typeof transactWrite>[0] = [
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...key,
            ...contributionIndexKeys(contribution),
            ...(contribution.participantHash
              ? personIndexKeys('participation', contribution.participantHash, {
                  type: 'Contribution',
                  ...key,
                })
              : {}),
            type: 'Contribution',
            ...contribution,
            // Every contribution: its text may name people even when its author gave no address.
            ...retentionAttributes(declarationOf('Contribution'), new Date(contribution.createdAt)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...events.map((event) => outboxPut(tableName(), event)),
    ];
    if (contribution.parentId) {
      items.push({
        Update: {
          TableName: tableName(),
          Key: keys.contribution(contribution.parentId),
          UpdateExpression: 'ADD replyCount :one',
          ConditionExpression:
            'attribute_exists(pk) AND engagementId = :engagementId AND #status IN (:s0, :s1)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':engagementId': contribution.engagementId,
            ':s0': visibleStatuses[0],
            ':s1': visibleStatuses[1],
          },
        },
      });
    }
    const result = await transactWrite(items);
    if (result.ok) return 'added';
    if (result.failedConditions.includes(1 + events.length)) return 'parent-gone';
    throw new Error(`Contribution write refused by condition ${result.failedConditions.join(',')}`);
  },

  getContribution: (contributionId) => parsed(keys.contribution(contributionId), parseContribution),

  listPublishedContributions: ({ engagementId, parentId, newestFirst }, page) =>
    queryPage(
      { index: 'gsi1', partition: keys.publishedContributionsPartition(engagementId, parentId), newestFirst },
      page,
      parsePublishedContribution,
    ),

  async countVote(contributionId, participantHash, castAt, channel, event) {
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.vote(contributionId, participantHash),
            ...voteIdentity(contributionId, participantHash),
            type: 'Vote',
            contributionId,
            status: 'counted',
            assurance: 'open',
            channel,
            castAt,
            ...retentionAttributes(declarationOf('Vote'), new Date(castAt)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      tallyUpdate(contributionId),
      outboxPut(tableName(), event),
    ]);
    if (result.ok) return 'counted';
    if (result.failedConditions.includes(0)) return 'already-voted';
    if (result.failedConditions.includes(1)) return 'not-visible';
    throw new Error(`Vote write refused by condition ${result.failedConditions.join(',')}`);
  },

  async requestVote(pending) {
    const result = await transactWrite([
      {
        // The participant's one vote item: pending until confirmed. A newer request replaces a
        // pending one (its link stops working); a counted one stays as it is.
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.vote(pending.contributionId, pending.participantHash),
            ...voteIdentity(pending.contributionId, pending.participantHash),
            type: 'Vote',
            contributionId: pending.contributionId,
            voteId: pending.voteId,
            status: 'pending',
            assurance: 'email',
            channel: pending.channel,
            requestedAt: pending.requestedAt,
            lapsesAt: pending.lapsesAt,
            expiresAt: pending.lapsesAt + KEEP_AFTER_LAPSE_SECONDS,
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
            ...keys.voteConfirmation(pending.voteId),
            ...personIndexKeys('participation', pending.participantHash, {
              type: 'VoteConfirmation',
              ...keys.voteConfirmation(pending.voteId),
            }),
            type: 'VoteConfirmation',
            ...pending,
            expiresAt: pending.lapsesAt + KEEP_AFTER_LAPSE_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (result.ok) return 'pending';
    if (result.failedConditions.includes(0)) return 'already-counted';
    throw new Error(`Vote request refused by condition ${result.failedConditions.join(',')}`);
  },

  getVoteConfirmation: (voteId) =>
    getItem(keys.voteConfirmation(voteId), { consistentRead: true }).then((item) =>
      item ? parseEntity(storedVoteConfirmation, item) : undefined,
    ),

  async confirmVote(confirmation, confirmedAt, event) {
    const { contributionId, participantHash, voteId } = confirmation;
    const result = await transactWrite([
      {
        // Used once, and only before it lapses: the clock decides here, not TTL deletion.
        Update: {
          TableName: tableName(),
          Key: keys.voteConfirmation(voteId),
          // Used now, it no longer lapses: its retention runs from here (it answers "already
          // confirmed" until then).
          UpdateExpression: 'SET confirmedAt = :at, expiresAt = :expiresAt, retention = :retention',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(confirmedAt) AND lapsesAt > :now',
          ExpressionAttributeValues: {
            ':at': confirmedAt,
            ':now': epochSeconds(new Date(confirmedAt)),
            ...expressionValues(
              retentionAttributes(declarationOf('VoteConfirmation'), new Date(confirmedAt)),
            ),
          },
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: keys.vote(contributionId, participantHash),
          // Counted now: the lapse deadline gives way to the vote's retention.
          UpdateExpression:
            'SET #status = :counted, castAt = :at, expiresAt = :expiresAt, retention = :retention REMOVE lapsesAt',
          ConditionExpression: '#status = :pending AND voteId = :voteId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':counted': 'counted',
            ':pending': 'pending',
            ':voteId': voteId,
            ':at': confirmedAt,
            ...expressionValues(retentionAttributes(declarationOf('Vote'), new Date(confirmedAt))),
          },
        },
      },
      tallyUpdate(contributionId),
      outboxPut(tableName(), event),
    ]);
    if (result.ok) return 'counted';
    if (result.failedConditions.includes(0)) {
      const current = await dynamoParticipationStore.getVoteConfirmation(voteId);
      return current?.confirmedAt ? 'already-confirmed' : 'lapsed';
    }
    if (result.failedConditions.includes(1)) return 'superseded';
    if (result.failedConditions.includes(2)) return 'not-visible';
    throw new Error(`Vote confirmation refused by condition ${result.failedConditions.join(',')}`);
  },

  async tallyVotes(contributionId, now) {
    const votes = await queryAll({
      partition: { pk: keys.contribution(contributionId).pk },
      sortKeyBeginsWith: keys.votePrefix(),
    });
    const tally = { counted: 0, countedUnconfirmed: 0, awaitingConfirmation: 0 };
    for (const item of votes) {
      const vote = parseEntity(storedVote, item);
      if (vote.status === 'counted') {
        tally.counted += 1;
        if (vote.assurance === 'open') tally.countedUnconfirmed += 1;
      } else if (vote.lapsesAt !== undefined && !hasLapsed({ expiresAt: vote.lapsesAt }, now)) {
        tally.awaitingConfirmation += 1;
      }
    }
    return tally;
  },

  async moderate(contribution, record, event) {
    const after: StoredContribution = { ...contribution, status: record.toStatus };
    const published = keys.publishedContribution(
      contribution.engagementId,
      contribution.contributionId,
      contribution.parentId,
    );
    const queue = keys.contributionModerationQueue(
      contribution.engagementId,
      record.toStatus,
      contribution.contributionId,
    );
    // An author's erased contribution stays out of the public lists when the city hides them.
    const hiddenByErasure = after.removed !== undefined && runtimeConfig().ERASED_CONTRIBUTIONS === 'hidden';
    const visibleAfter = isVisible(after.status) && !hiddenByErasure;
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.contribution(contribution.contributionId),
          // The sparse index follows visibility: hidden contributions drop out of the public list.
          UpdateExpression: visibleAfter
            ? 'SET #status = :to, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, gsi2sk = :gsi2sk, moderatedAt = :at'
            : 'SET #status = :to, gsi2sk = :gsi2sk, moderatedAt = :at REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(pk) AND #status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': record.toStatus,
            ':from': record.fromStatus,
            ':gsi2sk': queue.gsi2sk,
            ':at': record.at,
            ...(visibleAfter ? { ':gsi1pk': published.gsi1pk, ':gsi1sk': published.gsi1sk } : {}),
          },
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.moderationRecord(contribution.contributionId, record.recordId),
            type: 'ModerationRecord',
            contributionId: contribution.contributionId,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      outboxPut(tableName(), event),
    ]);
    if (result.ok) return 'moderated';
    if (result.failedConditions.includes(0)) return 'changed-concurrently';
    throw new Error(`Moderation write refused by condition ${result.failedConditions.join(',')}`);
  },
};
