import { z } from 'zod';
import { batchGetAll } from '../../shared/db/batch';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { keys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { filteredQueryPage, queryAll, queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import type { Page, PageRequest } from '../../shared/domain/page';
import { dynamoOrganizationStore, parseTotals } from './dynamo-organization-store';
import { stageOf } from './lifecycle';
import {
  type HistoryEntry,
  historyEntry,
  type PartnerContribution,
  partnerContribution,
  partnership as partnershipSchema,
} from './schemas';
import type { AttentionCutoffs, PartnershipStore, StoredPartnership } from './store';
import { type Counters, counterNames } from './totals';

/** The fields an edit may set on a partnership's item (counters move only with contributions). */
const editableFields = [
  'name',
  'description',
  'goals',
  'roles',
  'startDate',
  'endDate',
  'status',
  'version',
  'updatedAt',
  'lastActivityAt',
] as const;

/** Money as stored: whatever amount and currency the code counted (the API's bounds are for input). */
const storedMoney = z.object({ amount: z.number(), currency: z.string() });

const counterFields = Object.fromEntries(counterNames.map((name) => [name, z.number().optional()])) as Record<
  (typeof counterNames)[number],
  z.ZodOptional<z.ZodNumber>
>;

/** A partnership item: the API's fields but its totals, plus its counters and their currency. */
const storedPartnership: z.ZodType<StoredPartnership> = partnershipSchema
  .omit({ totals: true, attention: true })
  .extend({ ...counterFields, totalsCurrency: z.string() });
const parsePartnership = (item: Record<string, unknown>) => parseEntity(storedPartnership, item);

const storedContribution: z.ZodType<PartnerContribution> = partnerContribution.extend({
  amount: storedMoney.optional(),
  estimatedValue: storedMoney.optional(),
  value: storedMoney,
});
const parseContribution = (item: Record<string, unknown>) => parseEntity(storedContribution, item);

/** A history item also names its partnership; the entry is the rest. */
const parseHistoryEntry = (item: Record<string, unknown>): HistoryEntry => parseEntity(historyEntry, item);

const partnershipLink = z.object({ partnershipId: z.string() });

/** `ADD` of every counter, with its names and values. */
function addCounters(delta: Counters) {
  return {
    expression: `ADD ${counterNames.map((_name, index) => `#c${index} :c${index}`).join(', ')}`,
    names: Object.fromEntries(counterNames.map((name, index) => [`#c${index}`, name])),
    values: Object.fromEntries(counterNames.map((name, index) => [`:c${index}`, delta[name]])),
  };
}

/** A page of links (initiative → partnership, organisation → partnership), resolved to the partnerships. */
async function linkedPartnerships(
  options: Parameters<typeof queryPage>[0],
  page: PageRequest,
): Promise<Page<StoredPartnership>> {
  const links = await queryPage(options, page, (item) => parseEntity(partnershipLink, item));
  const items = await batchGetAll(
    links.items.map((link) => keys.partnership(link.partnershipId)),
    parsePartnership,
  );
  return { items, ...(links.nextCursor ? { nextCursor: links.nextCursor } : {}) };
}

/** Open partnerships ending by the renewal date or idle since the stale instant; never a scan. */
function needingAttention(cutoffs: AttentionCutoffs, page: PageRequest): Promise<Page<StoredPartnership>> {
  return filteredQueryPage(
    {
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      FilterExpression:
        '(attribute_exists(endDate) AND endDate <= :renewalBy) OR lastActivityAt < :staleBefore',
      ExpressionAttributeValues: {
        ':pk': keys.partnershipStagePartition('open').gsi2pk,
        ':renewalBy': cutoffs.renewalBy,
        ':staleBefore': cutoffs.staleBefore,
      },
    },
    page,
    parsePartnership,
  );
}

function partnershipItem(partnership: StoredPartnership) {
  const { partnershipId: id, status } = partnership;
  return {
    ...keys.partnership(id),
    ...keys.partnershipList(id, stageOf(status), status),
    type: 'Partnership',
    ...partnership,
  };
}

function historyItem(partnershipId: string, entry: HistoryEntry, month: string) {
  return {
    ...keys.partnershipHistory(partnershipId, entry.version, month, entry.at),
    type: 'PartnershipHistoryEntry',
    partnershipId,
    ...entry,
  };
}

/** Upserts a totals item (organisation or initiative): counters in one currency only. */
function addToTotals(key: { pk: string; sk: string }, delta: Counters, currency: string) {
  const add = addCounters(delta);
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET #currency = if_not_exists(#currency, :currency), #type = :type ${add.expression}`,
      ConditionExpression: 'attribute_not_exists(#currency) OR #currency = :currency',
      ExpressionAttributeNames: { '#currency': 'currency', '#type': 'type', ...add.names },
      ExpressionAttributeValues: { ':currency': currency, ':type': 'PartnerTotals', ...add.values },
    },
  };
}

/** Organisations, partnerships and contributions on the single table; key shapes in `shared/db/keys.ts`. */
export const dynamoPartnershipStore: PartnershipStore = {
  ...dynamoOrganizationStore,

  async addPartnership(partnership, entry, month, event) {
    const id = partnership.partnershipId;
    const { organizationIds, initiativeIds } = partnership;
    const exists = (key: { pk: string; sk: string }) => ({
      ConditionCheck: { TableName: tableName(), Key: key, ConditionExpression: 'attribute_exists(pk)' },
    });
    const put = (Item: Record<string, unknown>) => ({
      Put: { TableName: tableName(), Item, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    const checksFrom = 2 + organizationIds.length + initiativeIds.length;
    // Initiatives are participation's items, never read here: the service checked each one exists
    // through participation's published read, and initiatives are never deleted.
    const result = await transactWrite([
      put(partnershipItem(partnership)),
      put(historyItem(id, entry, month)),
      ...organizationIds.map((organizationId) =>
        put({
          ...keys.partnershipOrganizationLink(id, organizationId),
          type: 'PartnershipLink',
          partnershipId: id,
          organizationId,
        }),
      ),
      ...initiativeIds.map((initiativeId) =>
        put({
          ...keys.partnershipInitiativeLink(id, initiativeId),
          type: 'PartnershipLink',
          partnershipId: id,
          initiativeId,
        }),
      ),
      ...organizationIds.map((organizationId) => exists(keys.organization(organizationId))),
      outboxPut(tableName(), event),
    ]);
    if (result.ok) return { ok: true };
    const failed = result.failedConditions.find(
      (index) => index >= checksFrom && index < checksFrom + organizationIds.length,
    );
    if (failed === undefined)
      throw new Error(`Partnership write refused by condition ${result.failedConditions}`);
    return { ok: false, missing: 'organization', id: organizationIds[failed - checksFrom] as string };
  },

  async getPartnership(partnershipId) {
    const item = await getItem(keys.partnership(partnershipId));
    return item ? parsePartnership(item) : undefined;
  },

  async history(partnershipId) {
    return queryAll({
      partition: { pk: keys.partnership(partnershipId).pk },
      sortKeyBeginsWith: keys.partnershipHistoryPrefix(),
    }).then((items) => items.map(parseHistoryEntry));
  },

  async changePartnership({ next, expectedVersion, removed, entry, month, event }) {
    const id = next.partnershipId;
    const listKeys = keys.partnershipList(id, stageOf(next.status), next.status);
    const set = editableFields.filter((field) => next[field] !== undefined && !removed.includes(field));
    const names: Record<string, string> = { '#version': 'version', '#gsi2pk': 'gsi2pk', '#gsi2sk': 'gsi2sk' };
    const values: Record<string, unknown> = {
      ':expected': expectedVersion,
      ':gsi2pk': listKeys.gsi2pk,
      ':gsi2sk': listKeys.gsi2sk,
    };
    for (const field of [...set, ...removed]) names[`#${field}`] = field;
    for (const field of set) values[`:${field}`] = next[field];
    const assignments = [
      ...set.map((field) => `#${field} = :${field}`),
      '#gsi2pk = :gsi2pk',
      '#gsi2sk = :gsi2sk',
    ];
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.partnership(id),
          UpdateExpression: `SET ${assignments.join(', ')}${
            removed.length > 0 ? ` REMOVE ${removed.map((field) => `#${field}`).join(', ')}` : ''
          }`,
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: historyItem(id, entry, month),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(event ? [outboxPut(tableName(), event)] : []),
    ]);
    if (result.ok) return 'changed';
    if (result.failedConditions.includes(0)) return 'stale';
    throw new Error(`Partnership change refused by condition ${result.failedConditions}`);
  },

  listPartnerships(filter, page) {
    const toPartnership = parsePartnership;
    switch (filter.by) {
      case 'all':
        return queryPage({ index: 'gsi1', partition: keys.partnershipListPartition() }, page, toPartnership);
      case 'status':
        return queryPage(
          {
            index: 'gsi2',
            partition: keys.partnershipStagePartition(stageOf(filter.status)),
            sortKeyBeginsWith: { gsi2sk: keys.partnershipStatusPrefix(filter.status) },
          },
          page,
          toPartnership,
        );
      case 'initiative':
        return linkedPartnerships(
          {
            index: 'gsi2',
            partition: keys.initiativePartnershipsPartition(filter.initiativeId),
            sortKeyBeginsWith: { gsi2sk: keys.initiativePartnershipPrefix() },
          },
          page,
        );
      case 'organization':
        return linkedPartnerships(
          { index: 'gsi2', partition: keys.organizationPartnershipsPartition(filter.organizationId) },
          page,
        );
      case 'attention':
        return needingAttention(filter.cutoffs, page);
    }
  },

  async recordContribution(contribution, delta, currency, event) {
    const { partnershipId, contributionId, initiativeId, organizationId, date } = contribution;
    const add = addCounters(delta);
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.partnerContribution(partnershipId, contributionId, initiativeId, date),
            type: 'PartnerContribution',
            ...contribution,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: keys.partnership(partnershipId),
          UpdateExpression: `SET lastActivityAt = :at ${add.expression}`,
          ConditionExpression: 'attribute_exists(pk) AND #status <> :proposed AND totalsCurrency = :currency',
          ExpressionAttributeNames: { '#status': 'status', ...add.names },
          ExpressionAttributeValues: {
            ':at': contribution.recordedAt,
            ':proposed': 'proposed',
            ':currency': currency,
            ...add.values,
          },
        },
      },
      addToTotals(keys.initiativePartnerTotals(initiativeId), delta, currency),
      ...(organizationId
        ? [addToTotals(keys.organizationPartnerTotals(organizationId), delta, currency)]
        : []),
      outboxPut(tableName(), event),
    ]);
    if (result.ok) return 'recorded';
    if (result.failedConditions.includes(1)) return 'partnership-refused';
    if (result.failedConditions.some((index) => index === 2 || index === 3)) return 'totals-currency-differs';
    throw new Error(`Contribution write refused by condition ${result.failedConditions}`);
  },

  listContributions: (partnershipId, page) =>
    queryPage(
      {
        partition: { pk: keys.partnership(partnershipId).pk },
        sortKeyBeginsWith: { sk: keys.partnerContributionPrefix() },
      },
      page,
      parseContribution,
    ),

  async initiativeTotals(initiativeId) {
    const item = await getItem(keys.initiativePartnerTotals(initiativeId));
    return item ? parseTotals(item) : {};
  },
};
