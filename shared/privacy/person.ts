/**
 * What every context holding residents' data publishes to the privacy context, so a resident's
 * export, erasure and the retention job reach each context's items only through that context's
 * own code (`functions/<context>/published.ts` exports a `personalDataHolder`). The privacy
 * context calls them one context at a time, recording each step, so an interrupted erasure
 * resumes where it stopped.
 */

/** A person as a privacy request names them: their canonical address and its keyed identity. */
export interface Person {
  /** The canonical address (`canonicalEmail` in `shared/domain/participant.ts`): for contexts that keep addresses. */
  email: string;
  /** The keyed identity (`participantHash`): what the person index (gsi3) is keyed by. */
  participantHash: string;
}

/** Everything a context holds about a person, entity by entity, as the person may read it. */
export interface PersonalRecords {
  /** The entity, as declared (`Contribution`, `Vote`, `Signup`). */
  entity: string;
  /**
   * One flat record per item: what the person gave and what was done with it, in plain values
   * (strings, numbers, booleans, null), so each entity is one CSV table. Never another person's
   * data, never a token or a key.
   */
  records: Record<string, string | number | boolean | null>[];
}

/** An erasure as it reaches each context: one random pseudonym per erased person, the same in every step. */
export interface Erasure {
  /**
   * Replaces the keyed identity where an item must stay for what was counted (a counted vote's key,
   * a volunteer's hours, unique-participant counts), so counts and "one each" stay true while
   * nothing links the item to the person. Random, and forgotten by the privacy context once done.
   */
  erasedAs: string;
  now: Date;
}

/** An item whose retention has ended or is about to, as the `retention` job found it (keys only). */
export interface RetentionDue {
  pk: string;
  sk: string;
  /** The entity (`type` attribute). */
  type: string;
  expiresAt: number;
  retention: 'delete' | 'anonymise';
}

export interface PersonalDataHolder {
  /** The context's name (its folder under `functions/`). */
  context: string;
  /** Every item the context holds about the person, expired ones excepted. */
  personalDataOf(person: Person): Promise<PersonalRecords[]>;
  /**
   * Removes the person from the context: contact data and free text they wrote go; what must stay
   * for counts stays, under `erasure.erasedAs`. Idempotent: a second call finds nothing to do.
   */
  erasePerson(person: Person, erasure: Erasure): Promise<void>;
  /**
   * Other identifiers the context's events name the person by (volunteering's `volunteerId`), so
   * the erasure's last step also deletes the outbox events naming the person by them.
   */
  eventIdentifiersOf?(person: Person): string[];
  /**
   * Ends the retention of these items (all of this context's key space): deletes the `delete`
   * ones, anonymises the `anonymise` ones in place (removing `expiresAt`, `retention`, the keyed
   * identity, the person-index keys and every declared personal field). Idempotent.
   */
  applyRetention(due: readonly RetentionDue[], now: Date): Promise<void>;
}
