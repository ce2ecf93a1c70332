import type { PersonalDataDeclaration } from './personal-data';

/**
 * Retention as data on each item. Every item holding personal data carries `expiresAt` (the
 * table's TTL attribute, epoch seconds) from its entity's declaration, and `retention` saying what
 * happens then (`delete` or `anonymise`). Reads treat an item past its `expiresAt` with a
 * `retention` attribute as absent (`shared/db/retention-filter.ts`), since DynamoDB deletes expired
 * items only eventually (and DynamoDB Local never); the `retention` job deletes or anonymises
 * them, and anonymising removes both attributes, so what stays is kept for good.
 */

export interface RetentionAttributes {
  /** Epoch second the retention ends: the table's TTL attribute. */
  expiresAt: number;
  retention: PersonalDataDeclaration['atExpiry'];
}

/**
 * The city's retention overrides (deploy config `privacy.retentionDays`, entity → days), which the
 * stack hands every function as `RETENTION_DAYS`. Read once per execution environment.
 */
let overrides: Readonly<Record<string, number>> | undefined;
function retentionOverrides(): Readonly<Record<string, number>> {
  overrides ??= JSON.parse(process.env.RETENTION_DAYS || '{}') as Record<string, number>;
  return overrides;
}

/** How many days an entity's items are kept: the city's setting for it, else its declaration's. */
export function retentionDaysOf(
  declaration: Pick<PersonalDataDeclaration, 'entity' | 'retentionDays'>,
  configured: Readonly<Record<string, number>> = retentionOverrides(),
): number {
  return configured[declaration.entity] ?? declaration.retentionDays;
}

const secondsPerDay = 24 * 60 * 60;

/** The attributes an item of this entity carries when written at `writtenAt`. */
export function retentionAttributes(
  declaration: Pick<PersonalDataDeclaration, 'entity' | 'retentionDays' | 'atExpiry'>,
  writtenAt: Date,
): RetentionAttributes {
  return {
    expiresAt: Math.floor(writtenAt.getTime() / 1000) + retentionDaysOf(declaration) * secondsPerDay,
    retention: declaration.atExpiry,
  };
}

/** Whether an item's retention has ended: it reads as absent, and the `retention` job acts on it. */
export function isPastRetention(item: { expiresAt?: unknown; retention?: unknown }, now: Date): boolean {
  return (
    typeof item.retention === 'string' &&
    typeof item.expiresAt === 'number' &&
    item.expiresAt * 1000 <= now.getTime()
  );
}

/** Forget the cached overrides (tests that change `RETENTION_DAYS`). */
export function resetRetentionOverrides(): void {
  overrides = undefined;
}
