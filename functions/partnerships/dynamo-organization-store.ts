import { z } from 'zod';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { keys, type OrganizationListScope } from '../../shared/db/keys';
import { queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import type { Page, PageRequest } from '../../shared/domain/page';
import { retentionAttributes } from '../../shared/privacy/retention';
import {
  type DirectoryEntry,
  directoryEntry,
  type Organization,
  type OrganizationFilter,
  organization as organizationSchema,
  organizationTypes,
  partnershipsPersonalData,
} from './schemas';
import type { PartnershipStore } from './store';
import { counterNames, type StoredTotals } from './totals';

type Item = Record<string, unknown> & { pk: string; sk: string };

/** The stored shape: `type` is the table's entity marker, so the organisation's type is `organizationType`. */
function stored(organization: Organization) {
  const { type, ...rest } = organization;
  return { ...rest, organizationType: type };
}

/** The organisation's own item and its staff list entries: every field, the type as `organizationType`. */
const storedOrganization = organizationSchema
  .omit({ type: true })
  .extend({ organizationType: z.enum(organizationTypes) })
  .transform(({ organizationType, ...rest }): Organization => ({ ...rest, type: organizationType }));
/** A public directory entry: the public fields alone. */
const storedDirectoryEntry = directoryEntry
  .omit({ type: true })
  .extend({ organizationType: z.enum(organizationTypes) })
  .transform(({ organizationType, ...rest }): DirectoryEntry => ({ ...rest, type: organizationType }));
const parseOrganization = (item: Record<string, unknown>): Organization =>
  parseEntity(storedOrganization, item);
const parseDirectoryEntry = (item: Record<string, unknown>): DirectoryEntry =>
  parseEntity(storedDirectoryEntry, item);

/** A totals item (organisation or initiative): counters, and their currency once anything was counted. */
const storedTotals: z.ZodType<StoredTotals> = z.object({
  ...Object.fromEntries(counterNames.map((name) => [name, z.number().optional()])),
  currency: z.string().optional(),
});
export const parseTotals = (item: Record<string, unknown>): StoredTotals => parseEntity(storedTotals, item);

/** Only what the organisation agreed to show: no contact, no consent record, no version. */
function publicFields(organization: Organization) {
  const { organizationId, name, type, website, neighbourhoods, description } = organization;
  return {
    organizationId,
    name,
    organizationType: type,
    neighbourhoods,
    ...(website ? { website } : {}),
    ...(description ? { description } : {}),
  };
}

/** Whether the organisation names a contact person: the only personal data its items hold. */
const namesContact = (organization: Organization) =>
  Object.values(organization.contact ?? {}).some((value) => value !== undefined && value !== '');

/**
 * When the contact's retention runs from (the items carry its end): the instant the contact was
 * last given or edited. `undefined` without a contact, whose items hold nothing personal.
 */
export type ContactRetention = { since: Date } | undefined;

function retentionOf(entity: 'Organization' | 'OrganizationListEntry', contact: ContactRetention) {
  const declaration = partnershipsPersonalData.find((candidate) => candidate.entity === entity);
  if (!declaration) throw new Error(`No personal data declaration for ${entity}`);
  return contact ? retentionAttributes(declaration, contact.since) : {};
}

/**
 * Every item an organisation owns: its own item (staff lists), one staff list entry per
 * neighbourhood served and — only while it consents — its public directory entries, which carry
 * the public fields alone. The public route reads nothing else, so a non-consenting organisation
 * has nothing it could show. The items holding the contact carry its retention.
 */
function organizationItems(organization: Organization, contact?: ContactRetention): Item[] {
  const { organizationId: id, name, type, neighbourhoods } = organization;
  const full = stored(organization);
  const items: Item[] = [
    {
      ...keys.organization(id),
      ...keys.organizationList(id, name, type),
      type: 'Organization',
      ...full,
      ...retentionOf('Organization', contact),
    },
    ...neighbourhoods.map((n) => ({
      ...keys.organizationNeighbourhood(id, n, name, type),
      type: 'OrganizationListEntry',
      ...full,
      ...retentionOf('OrganizationListEntry', contact),
    })),
  ];
  if (organization.publicDirectoryConsent) {
    const shown = publicFields(organization);
    items.push(
      { ...keys.directoryEntry(id, name, type), type: 'DirectoryEntry', ...shown },
      ...neighbourhoods.map((n) => ({
        ...keys.directoryNeighbourhoodEntry(id, n, name, type),
        type: 'DirectoryEntry',
        ...shown,
      })),
    );
  }
  return items;
}

function listQuery<T>(
  scope: OrganizationListScope,
  filter: OrganizationFilter,
  page: PageRequest,
  toItem: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const search = keys.organizationSearch(scope, {
    neighbourhood: filter.neighbourhood,
    organizationType: filter.type,
  });
  // A prefix of accents alone folds to nothing, and so matches every name.
  const prefix = filter.name ? keys.organizationNamePrefix(filter.name) : '';
  return queryPage(
    {
      index: search.index,
      partition: search.partition,
      ...(prefix ? { sortKeyBeginsWith: { [search.sortKey]: prefix } } : {}),
    },
    page,
    toItem,
  );
}

/**
 * The contact's retention after an update: it starts again when the contact was edited, and
 * otherwise runs on from when it was (the stored end, read back, since the entity does not carry
 * it). The write that follows is conditioned on the version read, so a concurrent edit makes it stale.
 */
async function contactRetention(previous: Organization, next: Organization): Promise<ContactRetention> {
  if (!namesContact(next)) return undefined;
  const edited = JSON.stringify(previous.contact ?? {}) !== JSON.stringify(next.contact ?? {});
  if (edited) return { since: new Date(next.updatedAt) };
  const item = await getItem(keys.organization(next.organizationId), { consistentRead: true });
  if (typeof item?.expiresAt !== 'number')
    // Written before retention (and not yet migrated): its clock starts at the last edit known.
    return { since: new Date(previous.updatedAt) };
  // The stored end back to its start, which the entries share, each with its own (configurable) length.
  const length = (retentionOf('Organization', { since: new Date(0) }) as { expiresAt: number }).expiresAt;
  return { since: new Date((item.expiresAt - length) * 1000) };
}

/** The organisation half of the partnerships store. */
export const dynamoOrganizationStore = {
  async addOrganization(organization) {
    const [own, ...entries] = organizationItems(
      organization,
      namesContact(organization) ? { since: new Date(organization.createdAt) } : undefined,
    );
    const result = await transactWrite([
      { Put: { TableName: tableName(), Item: own, ConditionExpression: 'attribute_not_exists(pk)' } },
      ...entries.map((Item) => ({ Put: { TableName: tableName(), Item } })),
    ]);
    // A fresh ULID colliding would be our bug, not the client's.
    if (!result.ok) throw new Error(`Organisation write refused by condition ${result.failedConditions}`);
  },

  async getOrganization(organizationId) {
    const item = await getItem(keys.organization(organizationId));
    return item ? parseOrganization(item) : undefined;
  },

  async updateOrganization(previous, next, expectedVersion) {
    const [own, ...entries] = organizationItems(next, await contactRetention(previous, next));
    const kept = new Set(entries.map((item) => item.sk));
    const gone = organizationItems(previous)
      .slice(1)
      .filter((item) => !kept.has(item.sk));
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: own,
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      ...entries.map((Item) => ({ Put: { TableName: tableName(), Item } })),
      ...gone.map((item) => ({ Delete: { TableName: tableName(), Key: { pk: item.pk, sk: item.sk } } })),
    ]);
    if (result.ok) return 'updated';
    if (result.failedConditions.includes(0)) return 'stale';
    throw new Error(`Organisation update refused by condition ${result.failedConditions}`);
  },

  listOrganizations: (filter, page) => listQuery('ORGANIZATIONS', filter, page, parseOrganization),

  listDirectory: (filter, page) => listQuery('DIRECTORY', filter, page, parseDirectoryEntry),

  async organizationTotals(organizationId) {
    const item = await getItem(keys.organizationPartnerTotals(organizationId));
    return item ? parseTotals(item) : {};
  },
} satisfies Pick<
  PartnershipStore,
  | 'addOrganization'
  | 'getOrganization'
  | 'updateOrganization'
  | 'listOrganizations'
  | 'listDirectory'
  | 'organizationTotals'
>;
