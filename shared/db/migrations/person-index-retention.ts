import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { keySpaceOf } from '../../access/key-spaces';
import type { PersonalDataDeclaration } from '../../privacy/personal-data';
import { retentionAttributes } from '../../privacy/retention';
import { type PersonIndexContext, personIndexKeys } from '../keys';
import type { TableMigration } from './run';
import { type Item, updateIfStill } from './support';

/**
 * Privacy (issue 13) for the items releases before it wrote: every item holding personal data
 * gets the retention its entity declares (`expiresAt` + `retention`), and every item naming a
 * person by keyed identity gets the person index (gsi3: `participantHash`, `gsi3pk`, `gsi3sk`), so
 * export, erasure and the retention job find old items as they find new ones.
 *
 * The one migration that scans (the migrations function may: `migrationKeyPolicy`): personal
 * items lie in every context's partitions, and no index lists them. Each item is changed by one
 * conditional update (it still exists, has no retention / no person index yet), so a rerun, or new
 * code writing the same item meanwhile, leaves it as it is.
 *
 * What it leaves alone:
 * - items of no declared entity, or holding none of their declaration's fields or identities
 *   (feedback without a comment, an organisation naming no contact);
 * - the retention of items that already carry `expiresAt` without `retention`, or are `held`
 *   or `pending` with a `lapsesAt`: that `expiresAt` is a lapse deadline (a pending vote, a seat
 *   hold) or the outbox's TTL, which code reads past on purpose and which the retention filter
 *   must not hide (they still get the person index);
 * - identities it cannot read: an item without `participantHash` whose key does not end in one
 *   (a volunteer written before hashes), or a key already erased (`…#ERASED#…`).
 */

/** When an item's retention starts: the first of these it has (its creation), else the migration's run. */
const writtenAtAttributes = [
  'createdAt',
  'submittedAt',
  'givenAt',
  'requestedAt',
  'recordedAt',
  'castAt',
  'enteredAt',
  'firstActivityAt',
  'confirmedAt',
];

/**
 * Entities whose retention restarts with use: the latest of these instants. A digest subscription
 * is kept a year from its last digest (each left its link's `issuedAt`) or its unsubscription; an
 * organisation's contact from its last edit, which `updatedAt` bounds from above.
 */
const restartedBy: Readonly<Record<string, (item: Item) => unknown[]>> = {
  DigestSubscription: (item) => [
    item.createdAt,
    item.unsubscribedAt,
    ...(Array.isArray(item.unsubscribeTokens)
      ? item.unsubscribeTokens.map((issued) => (issued as { issuedAt?: unknown }).issuedAt)
      : []),
  ],
  Organization: (item) => [item.updatedAt, item.createdAt],
  OrganizationListEntry: (item) => [item.updatedAt, item.createdAt],
};

const instant = (value: unknown): Date | undefined => {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

export function writtenAtOf(item: Item, now: Date): Date {
  const restart = restartedBy[String(item.type)];
  if (restart) {
    const times = restart(item).flatMap((value) => instant(value)?.getTime() ?? []);
    if (times.length > 0) return new Date(Math.max(...times));
  }
  for (const name of writtenAtAttributes) {
    const at = instant(item[name]);
    if (at) return at;
  }
  return now;
}

/** The values at a declared path (`contact.email`, `answers.*`), present and not empty. */
function valuesAt(item: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return item === undefined || item === null || item === '' ? [] : [item];
  if (typeof item !== 'object' || item === null) return [];
  const [head, ...rest] = path as [string, ...string[]];
  const record = item as Record<string, unknown>;
  return head === '*'
    ? Object.values(record).flatMap((value) => valuesAt(value, rest))
    : valuesAt(record[head], rest);
}

const personIndexAttributes = new Set(['gsi3pk', 'gsi3sk']);
const holds = (item: Item, paths: readonly string[]) =>
  paths.some((path) => valuesAt(item, path.split('.')).length > 0);

/** The keyed identity an item names, read where its declaration says it is. */
function keyedIdentityOf(item: Item, declaration: PersonalDataDeclaration): string | undefined {
  const identity = declaration.identity ?? [];
  if (typeof item.participantHash === 'string' && item.participantHash !== '')
    // An erased or anonymised item holds the erasure's pseudonym (`ERASED#…`), nobody's identity.
    return item.participantHash.startsWith('ERASED#') ? undefined : item.participantHash;
  for (const keyName of ['sk', 'pk'] as const) {
    if (!identity.includes(keyName)) continue;
    const key = String(item[keyName]);
    // An erased item's key holds the erasure's pseudonym, which must never enter the person index.
    if (key.includes('#ERASED#')) return undefined;
    const hash = key.slice(key.lastIndexOf('#') + 1);
    if (hash) return hash;
  }
  return undefined;
}

const personIndexContexts = new Set<string>([
  'participation',
  'surveys',
  'volunteering',
  'impact',
  'evaluation',
  'partnerships',
] satisfies PersonIndexContext[]);

/** What one item lacks, as the attributes to set; undefined when it lacks nothing this migration adds. */
export function backfillOf(
  item: Item,
  declarations: ReadonlyMap<string, PersonalDataDeclaration>,
  now: Date,
): { set: Record<string, unknown>; retention: boolean; hash?: string } | undefined {
  const declaration = declarations.get(String(item.type));
  if (!declaration) return undefined;
  // An erased item's key names the erasure's pseudonym, nobody's identity.
  const erasedKey = `${String(item.pk)}|${String(item.sk)}`.includes('#ERASED#');
  const identities = (declaration.identity ?? []).filter(
    (path) => !personIndexAttributes.has(path) && !(erasedKey && (path === 'pk' || path === 'sk')),
  );
  if (!holds(item, declaration.fields) && !holds(item, identities)) return undefined;

  const set: Record<string, unknown> = {};
  const lapses =
    item.expiresAt !== undefined ||
    item.status === 'held' ||
    // Awaiting its confirmation; a contribution `pending` moderation is kept like any other.
    (item.status === 'pending' && item.lapsesAt !== undefined);
  const retention = item.retention === undefined && !lapses;
  if (retention) Object.assign(set, retentionAttributes(declaration, writtenAtOf(item, now)));

  let hash: string | undefined;
  const context = keySpaceOf(String(item.pk));
  if (
    declaration.identity?.includes('gsi3pk') &&
    item.gsi3pk === undefined &&
    context !== undefined &&
    personIndexContexts.has(context)
  ) {
    hash = keyedIdentityOf(item, declaration);
    if (hash)
      Object.assign(set, {
        participantHash: hash,
        ...personIndexKeys(context as PersonIndexContext, hash, {
          type: String(item.type),
          pk: String(item.pk),
          sk: String(item.sk),
        }),
      });
  }
  if (Object.keys(set).length === 0) return undefined;
  return { set, retention, ...(hash ? { hash } : {}) };
}

/** Every context's declarations, by entity. Loaded when the migration runs: declarations only, no service. */
async function declaredEntities(): Promise<Map<string, PersonalDataDeclaration>> {
  const { contexts } = await import('../../../functions/contexts');
  return new Map(
    contexts
      .flatMap((context) => context.personalData ?? [])
      .map((declaration) => [declaration.entity, declaration]),
  );
}

export const personIndexRetentionMigration: TableMigration = {
  id: '0003-person-index-retention',
  description: 'Gives items holding personal data their retention and items naming a person the person index',
  async run({ client, tableName, log }) {
    const declarations = await declaredEntities();
    const now = new Date();
    const counts = { scanned: 0, retention: 0, indexed: 0, unchanged: 0 };
    for await (const page of paginateScan({ client }, { TableName: tableName })) {
      for (const item of page.Items ?? []) {
        counts.scanned += 1;
        const backfill = backfillOf(item, declarations, now);
        if (!backfill) continue;
        const names = Object.keys(backfill.set);
        const conditions = ['attribute_exists(pk)', '#type = :type'];
        if (backfill.retention)
          conditions.push('attribute_not_exists(retention)', 'attribute_not_exists(expiresAt)');
        if (backfill.hash)
          conditions.push(
            'attribute_not_exists(gsi3pk)',
            '(attribute_not_exists(participantHash) OR participantHash = :participantHash)',
          );
        const changed = await updateIfStill(client, {
          TableName: tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: {
            '#type': 'type',
            ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
          },
          ExpressionAttributeValues: {
            ':type': item.type,
            ...Object.fromEntries(names.map((name) => [`:${name}`, backfill.set[name]])),
          },
        });
        if (!changed) counts.unchanged += 1;
        else {
          if (backfill.retention) counts.retention += 1;
          if (backfill.hash) counts.indexed += 1;
        }
      }
      // Progress, in counts only: never a key, which may hold a keyed identity or an address.
      log(
        `scanned ${counts.scanned} item(s): ${counts.retention} given retention, ${counts.indexed} indexed by person, ${counts.unchanged} changed meanwhile`,
      );
    }
  },
};
