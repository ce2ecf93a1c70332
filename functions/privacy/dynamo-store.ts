import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { consentPurposes, privacyRequestTypes } from '../../events/privacy';
import { documentClient } from '../../shared/db/client';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { privacyKeys } from '../../shared/db/keys';
import { outboxPersonPartition, outboxPut } from '../../shared/db/outbox';
import { queryAll, queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import { epochSeconds } from '../../shared/domain/confirmation';
import { retentionAttributes } from '../../shared/privacy/retention';
import { erasureTombstoneDeclaration, privacyRequestDeclaration, privacyRequestStatuses } from './schemas';
import type { PrivacyRequestStore, StoredExport, StoredPrivacyRequest } from './store';

/** How long a lapsed request, or a lapsed export link, is kept before TTL removes it: so it can still say "expired". */
const KEEP_AFTER_LAPSE_SECONDS = 7 * 24 * 60 * 60;

const storedRequest = z.object({
  requestId: z.string(),
  requestType: z.enum(privacyRequestTypes),
  purpose: z.enum(consentPurposes).optional(),
  status: z.enum(privacyRequestStatuses),
  email: z.string().optional(),
  participantHash: z.string().optional(),
  tokenHash: z.string(),
  lapsesAt: z.number(),
  requestedAt: z.string(),
  confirmedAt: z.string().optional(),
  completedAt: z.string().optional(),
  erasedAs: z.string().optional(),
  stepsDone: z.array(z.string()),
}) satisfies z.ZodType<StoredPrivacyRequest>;

const storedExport = z.object({
  requestId: z.string(),
  objectKey: z.string(),
  tokenHash: z.string(),
  lapsesAt: z.number(),
  entities: z.array(z.string()),
  createdAt: z.string(),
}) satisfies z.ZodType<StoredExport>;

const parseRequest = (item: Record<string, unknown>) => parseEntity(storedRequest, item);

/** `SET a = :a, …` values from an object of attributes. */
const values = (attributes: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(attributes).map(([name, value]) => [`:${name}`, value]));

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/** Privacy requests, exports and tombstones on the single table (`privacyKeys`). */
export const dynamoPrivacyRequestStore: PrivacyRequestStore = {
  async putPendingRequest(request) {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...privacyKeys.request(request.requestId),
          ...privacyKeys.requestList(request.requestId),
          type: privacyRequestDeclaration.entity,
          ...request,
          // A lapse deadline, not a retention: no `retention` attribute, so reads still see a
          // lapsed request (its link answers "expired"), and TTL removes it a week later.
          expiresAt: request.lapsesAt + KEEP_AFTER_LAPSE_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },

  async getRequest(requestId) {
    const item = await getItem(privacyKeys.request(requestId), { consistentRead: true });
    return item ? parseRequest(item) : undefined;
  },

  async confirmRequest(requestId, confirmedAt, event) {
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: privacyKeys.request(requestId),
          // Confirmed, it runs: the lapse deadline gives way to the request's retention.
          UpdateExpression:
            'SET #status = :confirmed, confirmedAt = :confirmedAt, expiresAt = :expiresAt, retention = :retention',
          ConditionExpression: '#status = :pending AND lapsesAt > :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':confirmed': 'confirmed',
            ':pending': 'pending',
            ':confirmedAt': confirmedAt.toISOString(),
            ':now': epochSeconds(confirmedAt),
            ...values({ ...retentionAttributes(privacyRequestDeclaration, confirmedAt) }),
          },
        },
      },
      outboxPut(tableName(), event),
    ]);
    if (result.ok) return 'confirmed';
    const current = await dynamoPrivacyRequestStore.getRequest(requestId);
    return current && current.status !== 'pending' ? 'already-confirmed' : 'lapsed';
  },

  async fixErasedAs(requestId, proposed) {
    const result = await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: privacyKeys.request(requestId),
        UpdateExpression: 'SET erasedAs = if_not_exists(erasedAs, :proposed)',
        ConditionExpression: '#status = :confirmed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':proposed': proposed, ':confirmed': 'confirmed' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return String(result.Attributes?.erasedAs);
  },

  async markStepDone(requestId, context) {
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: privacyKeys.request(requestId),
          UpdateExpression: 'SET stepsDone = list_append(stepsDone, :step)',
          // Each step once, and only while the request runs.
          ConditionExpression: '#status = :confirmed AND NOT contains(stepsDone, :context)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':step': [context], ':context': context, ':confirmed': 'confirmed' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },

  async putExport(record) {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...privacyKeys.export(record.requestId),
          type: 'PrivacyExport',
          ...record,
          // The link's deadline is decided against the clock (410 after it); TTL removes the
          // record a week later, when the bucket's lifecycle has long removed the document.
          expiresAt: record.lapsesAt + KEEP_AFTER_LAPSE_SECONDS,
        },
      }),
    );
  },

  async getExport(requestId) {
    const item = await getItem(privacyKeys.export(requestId), { consistentRead: true });
    return item ? parseEntity(storedExport, item) : undefined;
  },

  async completeRequest(request, completedAt, event, tombstone) {
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: privacyKeys.request(request.requestId),
          // What stays is the DPO's record of the request: nothing that names the person, kept for good.
          UpdateExpression:
            'SET #status = :completed, completedAt = :completedAt REMOVE email, participantHash, erasedAs, expiresAt, retention',
          ConditionExpression: '#status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':completed': 'completed',
            ':confirmed': 'confirmed',
            ':completedAt': completedAt.toISOString(),
          },
        },
      },
      ...(event ? [outboxPut(tableName(), event)] : []),
      ...(tombstone
        ? [
            {
              // The first erasure's tombstone stays as it was: erasing an erased address again
              // changes nothing (and its ten years run from the first erasure).
              Update: {
                TableName: tableName(),
                Key: privacyKeys.tombstone(tombstone.participantHash),
                UpdateExpression:
                  'SET #type = if_not_exists(#type, :type), erasedAt = if_not_exists(erasedAt, :erasedAt), expiresAt = if_not_exists(expiresAt, :expiresAt), retention = if_not_exists(retention, :retention)',
                ExpressionAttributeNames: { '#type': 'type' },
                ExpressionAttributeValues: values({
                  type: erasureTombstoneDeclaration.entity,
                  erasedAt: completedAt.toISOString(),
                  ...retentionAttributes(erasureTombstoneDeclaration, completedAt),
                }),
              },
            },
          ]
        : []),
    ]);
    return result.ok;
  },

  listRequests: (page) =>
    queryPage({ index: 'gsi1', partition: privacyKeys.requestListPartition() }, page, parseRequest),

  async isErased(participantHash) {
    return (await getItem(privacyKeys.tombstone(participantHash))) !== undefined;
  },

  async eraseOutboxEvents(identifiers) {
    let erased = 0;
    for (const identifier of identifiers) {
      const events = await queryAll({
        index: 'gsi3',
        partition: { gsi3pk: outboxPersonPartition(identifier) },
      });
      for (const event of events)
        await documentClient.send(
          new DeleteCommand({ TableName: tableName(), Key: { pk: event.pk, sk: event.sk } }),
        );
      erased += events.length;
    }
    return erased;
  },

  async applyRetention(due) {
    for (const item of due) {
      const key = { pk: item.pk, sk: item.sk };
      // Only the item the job found, still at the retention it found.
      const unchanged = {
        ConditionExpression: 'expiresAt = :expiresAt AND attribute_exists(retention)',
        ExpressionAttributeValues: { ':expiresAt': item.expiresAt },
      };
      try {
        if (item.type === erasureTombstoneDeclaration.entity)
          await documentClient.send(new DeleteCommand({ TableName: tableName(), Key: key, ...unchanged }));
        else if (item.type === privacyRequestDeclaration.entity)
          // A request that never completed keeps its record for the DPO, without its person.
          await documentClient.send(
            new UpdateCommand({
              TableName: tableName(),
              Key: key,
              UpdateExpression: 'REMOVE email, participantHash, erasedAs, expiresAt, retention',
              ...unchanged,
            }),
          );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  },
};
