import type { DomainEvent } from '../../shared/domain/domain-event';
import type { Page, PageRequest } from '../../shared/domain/page';
import type {
  DirectoryEntry,
  HistoryEntry,
  Organization,
  OrganizationFilter,
  PartnerContribution,
  Partnership,
} from './schemas';
import type { Counters, StoredTotals } from './totals';

/** A partnership as stored: its fields plus its contribution counters, kept in `totalsCurrency`. */
export type StoredPartnership = Omit<Partnership, 'totals' | 'attention'> &
  Partial<Counters> & { totalsCurrency: string };

/** Open partnerships needing attention are those ending by `renewalBy` or inactive since `staleBefore`. */
export interface AttentionCutoffs {
  /** A calendar date: an end date on or before it is renewal due. */
  renewalBy: string;
  /** An instant: a last activity before it is stale. */
  staleBefore: string;
}

export type PartnershipListFilter =
  | { by: 'all' }
  | { by: 'status'; status: Partnership['status'] }
  | { by: 'initiative'; initiativeId: string }
  | { by: 'organization'; organizationId: string }
  | { by: 'attention'; cutoffs: AttentionCutoffs };

/** A partnership change: the new state, the version it was based on, and what the history keeps. */
export interface PartnershipChange {
  next: StoredPartnership;
  expectedVersion: number;
  /** Fields set to nothing (`null` in the request): removed from the item. */
  removed: readonly string[];
  entry: HistoryEntry;
  /** The month (city time zone) the history entry is filed under. */
  month: string;
  /** Raised with the change and committed with it, or none. */
  event: DomainEvent | undefined;
}

export type ContributionOutcome = 'recorded' | 'partnership-refused' | 'totals-currency-differs';

/**
 * Persistence for organisations, partnerships and their contributions. The DynamoDB
 * implementations keep versions, counters and the directory's consent rule in conditional writes.
 */
export interface PartnershipStore {
  addOrganization(organization: Organization): Promise<void>;
  getOrganization(organizationId: string): Promise<Organization | undefined>;
  /** Replaces the organisation if it is still at `expectedVersion`, with its list and directory entries. */
  updateOrganization(
    previous: Organization,
    next: Organization,
    expectedVersion: number,
  ): Promise<'updated' | 'stale'>;
  /** Every organisation, consenting or not (staff), sorted by name. */
  listOrganizations(filter: OrganizationFilter, page: PageRequest): Promise<Page<Organization>>;
  /** The public directory: only consenting organisations, only their public fields, sorted by name. */
  listDirectory(filter: OrganizationFilter, page: PageRequest): Promise<Page<DirectoryEntry>>;
  organizationTotals(organizationId: string): Promise<StoredTotals>;

  /**
   * Adds a partnership, its history's first entry, its links and its event, on condition that
   * every organisation it names exists; otherwise says which one is missing. (Initiatives are
   * participation's: the service checks them through participation's published read.)
   */
  addPartnership(
    partnership: StoredPartnership,
    entry: HistoryEntry,
    month: string,
    event: DomainEvent,
  ): Promise<{ ok: true } | { ok: false; missing: 'organization'; id: string }>;
  getPartnership(partnershipId: string): Promise<StoredPartnership | undefined>;
  history(partnershipId: string): Promise<HistoryEntry[]>;
  /** Applies a change if the partnership is still at `expectedVersion`. */
  changePartnership(change: PartnershipChange): Promise<'changed' | 'stale'>;
  listPartnerships(filter: PartnershipListFilter, page: PageRequest): Promise<Page<StoredPartnership>>;

  /**
   * Stores a contribution and adds it to the partnership's, organisation's and initiative's
   * counters in one transaction. `partnership-refused` when the partnership is gone, still
   * proposed or keeps totals in another currency; `totals-currency-differs` when an organisation's
   * or initiative's totals are kept in another currency.
   */
  recordContribution(
    contribution: PartnerContribution,
    delta: Counters,
    currency: string,
    event: DomainEvent,
  ): Promise<ContributionOutcome>;
  listContributions(partnershipId: string, page: PageRequest): Promise<Page<PartnerContribution>>;
  initiativeTotals(initiativeId: string): Promise<StoredTotals>;
}
