import { consentLedger } from './consent-records';
import { dynamoConsentLedgerStore } from './dynamo-consent-ledger';

export type { ConsentRecord, CurrentConsent } from './consent-records';

/**
 * The consent ledger on the table (`consent-records.ts` says what it keeps): what the
 * `consent-ledger` consumer, the `privacy-requests` consumer (withdrawal, export, erasure) and the
 * `retention` job call.
 */
const ledger = consentLedger(dynamoConsentLedgerStore);

/** Appends a consent a context reported (`ConsentRecorded`); false for a redelivery. */
export const recordConsent = ledger.recordConsent;

/**
 * Appends a withdrawal and raises `ConsentWithdrawn` in the same transaction. Pass the request's
 * id as `recordId`, so a retried request writes nothing new.
 */
export const withdrawConsent = ledger.withdrawConsent;

/** The person's ledger, oldest first: what their export lists. */
export const consentRecordsOf = ledger.consentRecordsOf;

/** What the person currently agrees to: the latest record of each purpose. */
export const currentConsents = ledger.currentConsents;

/** The ledger's part of the privacy context's `PersonalDataHolder` (consent records only). */
export const consentLedgerHolder = ledger.holder;
