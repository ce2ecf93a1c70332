import { paginateQuery, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { batchGetAll } from '../../shared/db/batch';
import { documentClient } from '../../shared/db/client';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { batchesKeys, personIndexKeys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import { batchRowOutcomes } from '../../shared/domain/batch-intake';
import { retentionAttributes } from '../../shared/privacy/retention';
import { type Batch, batchRowPersonalData, batch as batchSchema } from './schemas';
import type { BatchStore, RowSummary, StoredRow } from './store';

const storedRow: z.ZodType<StoredRow> = z.object({
  batchId: z.string(),
  rowNumber: z.number().int(),
  keying: z.union([z.literal(1), z.literal(2)]),
  data: z.record(z.string(), z.unknown()).optional(),
  dataHash: z.string(),
  participantHash: z.string().optional(),
  enteredBy: z.string(),
  enteredAt: z.string(),
  erased: z.boolean().optional(),
  outcome: z.enum(batchRowOutcomes as ['recorded', 'duplicate', 'refused', 'needs-review']).optional(),
  recordId: z.string().optional(),
  reason: z.string().optional(),
});
const rowSummary: z.ZodType<RowSummary> = z.object({
  rowNumber: z.number().int(),
  keying: z.union([z.literal(1), z.literal(2)]),
  dataHash: z.string(),
  enteredBy: z.string(),
  erased: z.boolean().optional(),
  outcome: z.enum(batchRowOutcomes as ['recorded', 'duplicate', 'refused', 'needs-review']).optional(),
});

/**
 * A row as stored: its retention (from `BatchRow`'s declaration, counted from its entry) and, when
 * it names a person, the person index keys, so export and erasure find it without a scan. Rows
 * written before these attributes existed would need a backfill; there are none: batches are new
 * in the release that added them, so no migration is written.
 */
function rowItem(row: StoredRow) {
  const key = batchesKeys.row(row.batchId, row.rowNumber, row.keying);
  return {
    ...key,
    type: 'BatchRow',
    ...row,
    ...retentionAttributes(batchRowPersonalData, new Date(row.enteredAt)),
    ...(row.participantHash
      ? personIndexKeys('batches', row.participantHash, { type: 'BatchRow', ...key })
      : {}),
  };
}

const parseBatch = (item: Record<string, unknown>): Batch => parseEntity(batchSchema, item);
export const parseRow = (item: Record<string, unknown>): StoredRow => parseEntity(storedRow, item);

const batchIsOpen = (batchId: string) => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: batchesKeys.batch(batchId),
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':open': 'open' },
  },
});

/** Batches and their rows on the single table; key shapes are in `shared/db/keys.ts`. */
export const dynamoBatchStore: BatchStore = {
  async addBatch(batch, event) {
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...batchesKeys.batch(batch.batchId),
            ...batchesKeys.batchList(batch.batchId),
            type: 'Batch',
            ...batch,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      outboxPut(tableName(), event),
    ]);
    if (!result.ok) throw new Error(`Batch write refused by condition ${result.failedConditions.join(',')}`);
  },

  getBatch: async (batchId) => {
    const item = await getItem(batchesKeys.batch(batchId), { consistentRead: true });
    return item ? parseBatch(item) : undefined;
  },

  listBatches: (page) =>
    queryPage(
      { index: 'gsi1', partition: batchesKeys.batchListPartition(), newestFirst: true },
      page,
      parseBatch,
    ),

  getRows: (batchId, keying, rowNumbers) =>
    batchGetAll(
      rowNumbers.map((rowNumber) => batchesKeys.row(batchId, rowNumber, keying)),
      parseRow,
      { consistentRead: true },
    ),

  async addRow(row) {
    const result = await transactWrite([
      batchIsOpen(row.batchId),
      {
        Put: {
          TableName: tableName(),
          Item: rowItem(row),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (result.ok) return 'added';
    if (result.failedConditions.includes(0)) return 'not-open';
    return 'exists';
  },

  async rowSummaries(batchId) {
    const pages = paginateQuery(
      { client: documentClient, pageSize: 1000 },
      {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk > :after',
        // Both keyings (`ROW#…`, `SECOND#…`), never the batch's own item (`#META` sorts first).
        ExpressionAttributeValues: { ':pk': batchesKeys.batchPartition(batchId).pk, ':after': '#META' },
        // With the retention attributes, so a row past its retention reads as absent here too.
        ProjectionExpression:
          'rowNumber, keying, dataHash, enteredBy, erased, outcome, expiresAt, #retention',
        ExpressionAttributeNames: { '#retention': 'retention' },
        ConsistentRead: true,
      },
    );
    const rows: RowSummary[] = [];
    for await (const page of pages)
      for (const item of page.Items ?? []) rows.push(parseEntity(rowSummary, item));
    return rows;
  },

  rowPage: (batchId, page) =>
    queryPage(
      {
        partition: batchesKeys.batchPartition(batchId),
        sortKeyBeginsWith: { sk: batchesKeys.rowPrefix(1) },
      },
      page,
      parseRow,
    ),

  async markCommitting(batchId, at, event) {
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: batchesKeys.batch(batchId),
          UpdateExpression: 'SET #status = :committing, commitRequestedAt = :at',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':committing': 'committing', ':open': 'open', ':at': at },
        },
      },
      outboxPut(tableName(), event),
    ]);
    if (result.ok) return 'marked';
    if (result.failedConditions.includes(0)) return 'not-open';
    throw new Error(`Batch commit refused by condition ${result.failedConditions.join(',')}`);
  },

  async uncommittedRows(batchId, limit) {
    const rows: StoredRow[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await documentClient.send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rows)',
          FilterExpression: 'attribute_not_exists(outcome)',
          ExpressionAttributeValues: {
            ':pk': batchesKeys.batchPartition(batchId).pk,
            ':rows': batchesKeys.rowPrefix(1),
          },
          ConsistentRead: true,
          Limit: 500,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      rows.push(...(result.Items ?? []).map(parseRow));
      start = result.LastEvaluatedKey;
    } while (start && rows.length < limit);
    return rows.slice(0, limit);
  },

  async recordOutcome(batchId, rowNumber, result, at) {
    const outcome = {
      ':outcome': result.outcome,
      ':at': at,
      ...(result.recordId ? { ':recordId': result.recordId } : {}),
      ...(result.reason ? { ':reason': result.reason } : {}),
    };
    const sets = [
      'outcome = :outcome',
      'committedAt = :at',
      ...(result.recordId ? ['recordId = :recordId'] : []),
      ...(result.reason ? ['reason = :reason'] : []),
    ];
    const written = await transactWrite([
      {
        // The record now holds the row's data (or it was not recorded): the batch keeps none of it,
        // so the row names nobody and stays, without retention, as the batch's account of it.
        Update: {
          TableName: tableName(),
          Key: batchesKeys.row(batchId, rowNumber, 1),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE #data, participantHash, gsi3pk, gsi3sk, expiresAt, #retention`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#data': 'data', '#retention': 'retention' },
          ExpressionAttributeValues: outcome,
        },
      },
      { Delete: { TableName: tableName(), Key: batchesKeys.row(batchId, rowNumber, 2) } },
    ]);
    if (!written.ok)
      throw new Error(`Row outcome refused by condition ${written.failedConditions.join(',')}`);
  },

  async continueCommit(event) {
    const result = await transactWrite([outboxPut(tableName(), event)]);
    if (!result.ok) throw new Error('The continuation event was refused');
  },

  async finishCommit(batchId, outcomes, at, event) {
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: batchesKeys.batch(batchId),
          UpdateExpression: 'SET #status = :committed, committedAt = :at, outcomes = :outcomes',
          ConditionExpression: '#status = :committing',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':committed': 'committed',
            ':committing': 'committing',
            ':at': at,
            ':outcomes': outcomes,
          },
        },
      },
      outboxPut(tableName(), event),
    ]);
    // Already committed by a concurrent run: its counts stand.
    if (!result.ok && !result.failedConditions.includes(0))
      throw new Error(`Batch completion refused by condition ${result.failedConditions.join(',')}`);
  },
};
