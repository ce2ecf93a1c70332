import type { StaffAccessRule } from '../http/staff-access';

/**
 * What one stored entity keeps about a person, declared next to the entity's schema in its
 * context and listed in the context's declaration (`ContextDeclaration.personalData`). From these
 * declarations `docs/privacy.md` (the record of processing a data-protection officer files) is
 * generated, and `test/integration/personal-data-inventory.test.ts` fails when a resident's data
 * lands in an attribute no declaration names.
 */
export interface PersonalDataDeclaration {
  /** The entity, as its items' `type` attribute names it (`Contribution`, `Volunteer`). */
  entity: string;
  /**
   * Attributes holding a person's data as given: dotted paths into the item (`contact.email`),
   * `*` for any key of a map (`answers.*`).
   */
  fields: readonly string[];
  /**
   * Attributes holding the keyed hash of a person's address (`participantHash`): pseudonymous,
   * still personal data, never reversible without the city's key.
   */
  identity?: readonly string[];
  /** Why it is kept, in a sentence a resident would understand. */
  purpose: string;
  /** The lawful basis the city relies on: the person's consent, or a task in the public interest. */
  legalBasis: 'consent' | 'publicTask';
  /**
   * How long it is kept after it was written, in days: the default, which a city may change per
   * entity (deploy config `privacy.retentionDays`). Every item carries the instant as the table's
   * TTL attribute (`retentionAttributes` in `retention.ts`).
   */
  retentionDays: number;
  /**
   * What happens when the retention ends. `delete`: the item goes (DynamoDB's TTL in the cloud; the
   * `retention` job too, since DynamoDB Local never deletes and the cloud only within days).
   * `anonymise`: the item must stay for the integrity of what was counted (a vote's existence, a
   * volunteer's hours), so the `retention` job removes the personal data and the keyed identity in
   * place, before the TTL falls due, and the item stays.
   */
  atExpiry: 'delete' | 'anonymise';
  /**
   * Personal fields an anonymised item keeps, because once nothing links them to a person they
   * are the public record (a contribution's published text). An erasure request removes them all
   * the same.
   */
  survivesAnonymisation?: readonly string[];
  /**
   * Who may read it: a staff access rule (`shared/http/staff-access.ts`), `public` (shown on
   * public routes), or `mail` (read only to send the person their own mail).
   */
  readers: StaffAccessRule | 'public' | 'mail';
}

/** Declares an entity's personal data (a typed identity, so declarations read alike everywhere). */
export function personalData(declaration: PersonalDataDeclaration): PersonalDataDeclaration {
  return declaration;
}
