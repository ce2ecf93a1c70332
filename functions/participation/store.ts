import type { Channel } from '../../shared/domain/channel';
import type { DomainEvent } from '../../shared/domain/domain-event';
import type { Page, PageRequest } from '../../shared/domain/page';
import type { Contribution, Initiative, StoredEngagement } from './schemas';

/** A contribution as stored: what the public sees plus what only the service may use. */
export interface StoredContribution extends Contribution {
  initiativeId: string;
  /** Keyed hash of the participant's email, for uniqueness and counting; never returned. */
  participantHash?: string;
  /**
   * Contact details, kept only when the participant consented to be contacted (items written before
   * that rule may say `false` until the `0002` migration removes them); never returned on public routes.
   */
  contact?: { email: string; name?: string; consentToContact: boolean };
  /** `false` once the author withdrew their consent to be contacted (`contact` is then gone). */
  consentToContact?: boolean;
  /** When the author's data was erased (`removed` says so publicly). */
  erasedAt?: string;
  /** Where it came from; items written before channels read as `web`. */
  channel: Channel;
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

/** A vote awaiting its emailed confirmation, as the confirmation link finds it. */
export interface VoteConfirmation {
  voteId: string;
  contributionId: string;
  contributionKind: Contribution['kind'];
  engagementId: string;
  initiativeId: string;
  participantHash: string;
  /** Where the vote came from (confirmations written before channels read as `web`). */
  channel: Channel;
  /** SHA-256 of the mailed token; the token itself is never stored. */
  tokenHash: string;
  /** Epoch seconds: from then on the vote can no longer be confirmed. */
  lapsesAt: number;
  requestedAt: string;
  /** What the link confirms, for its page (the engagement's title is the city's own words). */
  engagementTitle: Record<string, string>;
  confirmedAt?: string;
}

export type PendingVote = Omit<VoteConfirmation, 'confirmedAt'>;

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

  /**
   * Adds a contribution (and bumps its parent's reply count) with its events (`ContributionSubmitted`,
   * and `ConsentRecorded` when the author consented to be contacted); `parent-gone` when the
   * parent is not visible.
   */
  addContribution(
    contribution: StoredContribution,
    events: readonly DomainEvent[],
  ): Promise<'added' | 'parent-gone'>;
  getContribution(contributionId: string): Promise<StoredContribution | undefined>;
  listPublishedContributions(
    filter: { engagementId: string; parentId?: string | undefined; newestFirst: boolean },
    page: PageRequest,
  ): Promise<Page<Contribution>>;

  /**
   * Under `open` assurance: records one participant's vote and bumps the tally, atomically;
   * `already-voted` (nothing written) when this participant's vote exists, counted or pending.
   */
  countVote(
    contributionId: string,
    participantHash: string,
    castAt: string,
    channel: Channel,
    event: DomainEvent,
  ): Promise<'counted' | 'already-voted' | 'not-visible'>;

  /**
   * Under `email` assurance: stores the vote as pending (replacing an earlier pending request of
   * the same participant, whose link stops working) with its confirmation. `already-counted`
   * (nothing written) when this participant's vote already counts.
   */
  requestVote(pending: PendingVote): Promise<'pending' | 'already-counted'>;

  getVoteConfirmation(voteId: string): Promise<VoteConfirmation | undefined>;

  /**
   * Counts a pending vote, in one transaction with the tally and the event, on condition that
   * its confirmation is unused and unlapsed at `confirmedAt` and it is still this participant's
   * latest request. Otherwise says which of those failed (nothing written).
   */
  confirmVote(
    confirmation: VoteConfirmation,
    confirmedAt: string,
    event: DomainEvent,
  ): Promise<'counted' | 'already-confirmed' | 'lapsed' | 'superseded' | 'not-visible'>;

  /** The votes of a contribution by state, for staff (`now` decides which pending ones lapsed). */
  tallyVotes(
    contributionId: string,
    now: Date,
  ): Promise<{ counted: number; countedUnconfirmed: number; awaitingConfirmation: number }>;

  /** Changes status if it is still `record.fromStatus`, with an audit record. */
  moderate(
    contribution: StoredContribution,
    record: ModerationRecord,
    event: DomainEvent,
  ): Promise<'moderated' | 'changed-concurrently'>;
}
