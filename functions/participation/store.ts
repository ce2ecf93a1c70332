import type { DomainEvent } from '../../shared/domain/domain-event';
import type { Page, PageRequest } from '../../shared/domain/page';
import type { Contribution, Initiative, StoredEngagement } from './schemas';

/** A contribution as stored: what the public sees plus what only the service may use. */
export interface StoredContribution extends Contribution {
  initiativeId: string;
  /** Keyed hash of the participant's email, for uniqueness and counting; never returned. */
  participantHash?: string;
  /** Contact details, kept only if the participant gave them; never returned on public routes. */
  contact?: { email: string; name?: string; consentToContact: boolean };
}

export interface ModerationRecord {
  recordId: string;
  action: 'hide' | 'publish' | 'flag';
  reason: string;
  fromStatus: Contribution['status'];
  toStatus: Contribution['status'];
  moderatorId: string;
  at: string;
}

/**
 * Persistence for the participation context. The service depends on this interface; the
 * DynamoDB implementation (`dynamo-store.ts`) keeps the invariants in conditional writes and
 * commits each domain event it is handed in the same transaction as the change it describes.
 */
export interface ParticipationStore {
  putInitiative(initiative: Initiative): Promise<void>;
  getInitiative(initiativeId: string): Promise<Initiative | undefined>;
  listInitiatives(page: PageRequest): Promise<Page<Initiative>>;

  putEngagement(engagement: StoredEngagement): Promise<void>;
  getEngagement(engagementId: string): Promise<StoredEngagement | undefined>;
  listEngagements(
    filter: { initiativeId?: string | undefined },
    page: PageRequest,
  ): Promise<Page<StoredEngagement>>;

  /** Adds a contribution (and bumps its parent's reply count); `parent-gone` when the parent is not visible. */
  addContribution(contribution: StoredContribution, event: DomainEvent): Promise<'added' | 'parent-gone'>;
  getContribution(contributionId: string): Promise<StoredContribution | undefined>;
  listPublishedContributions(
    filter: { engagementId: string; parentId?: string | undefined; newestFirst: boolean },
    page: PageRequest,
  ): Promise<Page<Contribution>>;

  /** Records one participant's vote and bumps the tally, atomically. */
  castVote(
    contributionId: string,
    participantHash: string,
    castAt: string,
    event: DomainEvent,
  ): Promise<'counted' | 'already-voted' | 'not-visible'>;

  /** Changes status if it is still `record.fromStatus`, with an audit record. */
  moderate(
    contribution: StoredContribution,
    record: ModerationRecord,
    event: DomainEvent,
  ): Promise<'moderated' | 'changed-concurrently'>;
}
