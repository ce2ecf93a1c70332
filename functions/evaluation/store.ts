import type { FeedbackSubject } from '../../events/evaluation';
import type { DomainEvent } from '../../shared/domain/domain-event';
import type { IssuedLinkToken } from '../../shared/domain/link-tokens';
import type { Page, PageRequest } from '../../shared/domain/page';
import type {
  DigestFrequency,
  DigestSubscription,
  Feedback,
  Indicator,
  LogicModel,
  Measurement,
  Reflection,
} from './schemas';

export interface StoredLogicModel extends LogicModel {
  /** The staff user who saved this version; not shown on the public route. */
  updatedBy: string;
}

export interface StoredIndicator extends Indicator {
  definedBy: string;
}

export interface StoredMeasurement extends Measurement {
  initiativeId: string;
  /** `measuredAt` in UTC, fixed width: the sort key's time, so "latest at or before T" is a key condition. */
  measuredAtUtc: string;
  recordedBy: string;
}

/**
 * A subscription as stored: what admins see plus the hashes of the unsubscribe links its digests
 * carried (each digest a new one, newest first, at most `LIVE_UNSUBSCRIBE_LINKS`); never a token.
 */
export interface StoredDigestSubscription extends DigestSubscription {
  unsubscribeTokens: IssuedLinkToken[];
  /** Written before tokens were hashed: its raw token is still stored until first use. */
  rawUnsubscribeTokenStored?: boolean;
}

/** Whether an initiative exists: participation's published read, injected by the handler module. */
export type InitiativeExists = (initiativeId: string) => Promise<boolean>;

/**
 * The initiative of a shift or an engagement, records of other contexts (volunteering,
 * participation); undefined when there is no such record. Injected by the handler module.
 */
export type SubjectInitiative = (
  kind: Exclude<FeedbackSubject, 'meeting'>,
  id: string,
) => Promise<string | undefined>;

/**
 * Persistence for logic models, indicators, measurements, feedback and reflections. The DynamoDB
 * implementation (`dynamo-store.ts`) writes each record with its event in one transaction.
 */
export interface EvaluationStore {
  getLogicModel(initiativeId: string): Promise<StoredLogicModel | undefined>;
  /** Saves `model` if the stored version is still `model.version − 1` (none at all for version 1). */
  putLogicModel(model: StoredLogicModel): Promise<'saved' | 'stale'>;

  addIndicator(indicator: StoredIndicator, event: DomainEvent): Promise<void>;
  getIndicator(indicatorId: string): Promise<StoredIndicator | undefined>;
  listIndicators(initiativeId: string, page: PageRequest): Promise<Page<StoredIndicator>>;
  /** Every indicator in the city, grouped by initiative. */
  listAllIndicators(page: PageRequest): Promise<Page<StoredIndicator>>;

  addMeasurement(measurement: StoredMeasurement, event: DomainEvent): Promise<void>;
  /** The measurement with the latest `measuredAt` at or before `atOrBeforeUtc` (ties: the last recorded). */
  latestMeasurement(indicatorId: string, atOrBeforeUtc: string): Promise<StoredMeasurement | undefined>;
  /** Newest `measuredAt` first. */
  listMeasurements(indicatorId: string, page: PageRequest): Promise<Page<StoredMeasurement>>;

  addFeedback(feedback: Feedback, event: DomainEvent): Promise<void>;
  /** Newest first. */
  listFeedback(initiativeId: string, page: PageRequest): Promise<Page<Feedback>>;

  addReflection(reflection: Reflection, event: DomainEvent): Promise<void>;
  /** Newest first. */
  listReflections(initiativeId: string, page: PageRequest): Promise<Page<Reflection>>;
}

/** Persistence for digest subscriptions (`dynamo-digest-subscription-store.ts`). */
export interface DigestSubscriptionStore {
  /** `address-taken` when this address already has an active subscription of this frequency. */
  addSubscription(subscription: StoredDigestSubscription): Promise<'added' | 'address-taken'>;
  getSubscription(subscriptionId: string): Promise<StoredDigestSubscription | undefined>;
  /** Active subscriptions, oldest first; of one frequency when given. */
  listSubscriptions(
    filter: { frequency?: DigestFrequency | undefined },
    page: PageRequest,
  ): Promise<Page<StoredDigestSubscription>>;
  /** Adds an unsubscribe link's hash to an active subscription's live ones; false when it is gone or stopped. */
  issueUnsubscribeToken(subscriptionId: string, issued: IssuedLinkToken): Promise<boolean>;
  /** Replaces a subscription's raw token from before hashing by its hash (`rawUnsubscribeTokenStored`). */
  hashStoredUnsubscribeToken(subscriptionId: string): Promise<void>;
  /** Marks an active subscription unsubscribed; `not-active` when it no longer is. */
  unsubscribe(subscription: StoredDigestSubscription, at: string): Promise<'unsubscribed' | 'not-active'>;
  /** Removes a subscription (freeing its address if it is active); `gone` when it does not exist. */
  deleteSubscription(subscriptionId: string): Promise<'deleted' | 'gone'>;
}
