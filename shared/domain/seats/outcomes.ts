/**
 * What each step of the shared seat mechanism answers (`shared/db/seats/mechanism.ts`), in domain
 * terms, so a context's store interface and use cases name them without touching storage.
 */

export type ClaimOutcome<C> =
  | { outcome: 'confirmed' }
  | { outcome: 'held'; holdExpiresAt: number }
  | { outcome: 'waitlisted'; position: number }
  /** The person already has a claim on this activity: `existing` (when still readable). */
  | { outcome: 'duplicate'; existing?: C }
  /** The claimant's record refuses it (an overlapping claim): `other`. */
  | { outcome: 'overlap'; other?: C }
  | { outcome: 'gone' };

export type ConfirmOutcome<C> =
  | { outcome: 'confirmed'; claim: C }
  | { outcome: 'expired' }
  | { outcome: 'not-held' };

export type LapseOutcome = { outcome: 'lapsed'; promoted: boolean } | { outcome: 'not-due' };

export type ReleaseOutcome<S extends string = string> =
  | { outcome: 'cancelled'; promoted: boolean }
  | { outcome: 'not-active'; status: S }
  | { outcome: 'gone' };

export type CapacityOutcome =
  | { outcome: 'changed' }
  | { outcome: 'below-confirmed'; confirmed: number }
  | { outcome: 'gone' };

/** A hold the hold-lapsing job found due (its hold-due item). */
export interface DueHold<K extends string = string> {
  kind: K;
  claimId: string;
}
