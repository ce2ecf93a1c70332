import { z } from 'zod';
import { channels } from '../shared/domain/channel';
import { defineEvent, eventBase } from './define-event';

const source = 'civic.privacy';

/** What a resident may ask of Civic about their own data (`POST /privacy/requests`). */
export const privacyRequestTypes = ['export', 'erase', 'withdraw-consent'] as const;
export type PrivacyRequestType = (typeof privacyRequestTypes)[number];

/**
 * What a resident consents to, each recorded in the consent ledger: being contacted about what
 * they wrote or signed up for (`contact`), sharing their neighbourhood and age band for the
 * inclusion figures (`demographics`).
 */
export const consentPurposes = ['contact', 'demographics'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

/**
 * Where a consent was given: the channel of the record or request that carried it (every channel
 * a record can come from), or `staff` for one recorded by staff outside any record. Archived
 * events keep parsing: every value the list held before channels existed is still in it.
 */
export const consentChannels = [...channels, 'staff'] as const;

/**
 * A resident followed the link mailed for their privacy request: the request now runs (export,
 * erase or withdraw). No personal data: the request is named by its ID.
 */
export const PrivacyRequestConfirmed = defineEvent({
  source,
  detailType: 'PrivacyRequestConfirmed',
  detail: z.object({
    ...eventBase,
    requestId: z.string(),
    type: z.enum(privacyRequestTypes),
  }),
});

/** A resident's export is ready; its link went to their address. */
export const DataExported = defineEvent({
  source,
  detailType: 'DataExported',
  detail: z.object({
    ...eventBase,
    requestId: z.string(),
    /** How many records the export holds, per entity. */
    records: z.record(z.string(), z.number().int().min(0)),
  }),
});

/** Every context has removed a person; only a tombstone of their keyed identity is left. */
export const PersonErased = defineEvent({
  source,
  detailType: 'PersonErased',
  detail: z.object({
    ...eventBase,
    requestId: z.string(),
  }),
});

const consentDetail = {
  ...eventBase,
  participantHash: z.string().describe('The keyed identity of the person (never their address).'),
  purpose: z.enum(consentPurposes),
  /** SHA-256 (hex) of the wording the person was shown: which text they agreed to. */
  wordingVersion: z.string(),
  channel: z.enum(consentChannels),
  /** The context where it was given or withdrawn (`participation`, `surveys`, `privacy`). */
  context: z.string(),
};

/** A person consented to a purpose; the privacy context appends it to their consent ledger. */
export const ConsentRecorded = defineEvent({
  source,
  detailType: 'ConsentRecorded',
  detail: z.object(consentDetail),
});

/**
 * A person withdrew a consent: effective at once everywhere. Each context that relies on that
 * consent reacts (participation removes the contact from the person's contributions; impact the
 * shared profile from their activity).
 */
export const ConsentWithdrawn = defineEvent({
  source,
  detailType: 'ConsentWithdrawn',
  detail: z.object(consentDetail),
});
