import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { consentPurposes } from '../events/privacy';
import type { ContextDeclaration } from '../functions/context';
import { contexts, scheduledJobs } from '../functions/contexts';
import { exportLinkHours } from '../functions/privacy/api';
import { anonymiseMarginDays } from '../functions/privacy/retention';
import { staffAccess } from '../shared/http/staff-access';
import { consentWording, consentWordingVersion } from '../shared/privacy/consents';
import type { PersonalDataDeclaration } from '../shared/privacy/personal-data';
import { retentionDaysOf } from '../shared/privacy/retention';
import { loadConfig } from './config';

/**
 * `docs/privacy.md`, the record of processing a data-protection officer can file, generated from
 * every context's personal-data declarations (`ContextDeclaration.personalData`). `npm run privacy`
 * writes it; a test fails when the checked-in file is stale.
 */
export const privacyDocumentPath = fileURLToPath(new URL('../docs/privacy.md', import.meta.url));

const legalBases: Record<PersonalDataDeclaration['legalBasis'], string> = {
  consent: 'consent (GDPR art. 6(1)(a))',
  publicTask: 'public task (GDPR art. 6(1)(e))',
};

function readersOf(readers: PersonalDataDeclaration['readers']): string {
  if (readers === 'public') return 'anyone (public routes)';
  if (readers === 'mail') return 'no one: used only to mail the person';
  const roles = ['admin', ...staffAccess[readers].roles.filter((role) => role !== 'admin')];
  return `staff: ${roles.join(', ')}`;
}

const cell = (text: string) => text.replaceAll('|', '\\|');
const code = (names: readonly string[]) =>
  names.length === 0 ? '—' : names.map((name) => `\`${name}\``).join(', ');

/** The retention in force: the city's setting where it has one, saying so, else the declaration's. */
function keptFor(entity: PersonalDataDeclaration, retentionDays: Readonly<Record<string, number>>): string {
  const days = retentionDaysOf(entity, retentionDays);
  return days === entity.retentionDays
    ? `${days} days`
    : `${days} days (city setting; default ${entity.retentionDays})`;
}

function atExpiryOf(entity: PersonalDataDeclaration): string {
  if (entity.atExpiry === 'delete') return 'deleted';
  const kept = entity.survivesAnonymisation ?? [];
  return kept.length === 0 ? 'anonymised' : `anonymised, keeping ${code(kept)}`;
}

/** A city's own privacy settings (deploy config `privacy`): each entity's retention and lawful basis where it differs. */
export interface CityPrivacySettings {
  retentionDays?: Readonly<Record<string, number>>;
  legalBasis?: Readonly<Record<string, PersonalDataDeclaration['legalBasis']>>;
}

/** The lawful basis in force: the city's decision where it has one, saying so, else the declaration's. */
function basisOf(
  entity: PersonalDataDeclaration,
  legalBasis: CityPrivacySettings['legalBasis'] = {},
): string {
  const chosen = legalBasis[entity.entity];
  return chosen === undefined || chosen === entity.legalBasis
    ? legalBases[entity.legalBasis]
    : `${legalBases[chosen]} (city setting)`;
}

function contextSection(context: ContextDeclaration, city: CityPrivacySettings): string {
  const rows = (context.personalData ?? []).map((entity) =>
    [
      `\`${entity.entity}\``,
      code(entity.fields),
      code(entity.identity ?? []),
      cell(entity.purpose),
      basisOf(entity, city.legalBasis),
      keptFor(entity, city.retentionDays ?? {}),
      atExpiryOf(entity),
      readersOf(entity.readers),
    ].join(' | '),
  );
  return [
    `## ${context.name}`,
    '',
    '| entity | personal data | keyed identity | purpose | legal basis | kept | at expiry | who reads it |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}

const retentionCron = () =>
  scheduledJobs
    .find((job) => job.name === 'retention')
    ?.schedules.map((schedule) => schedule.cron)
    .join('`, `') ?? 'not deployed';

const consentRows = consentPurposes.map(
  (purpose) =>
    `| \`${purpose}\` | ${cell(consentWording[purpose].en)} | \`${consentWordingVersion(purpose).slice(0, 12)}…\` |`,
);

/**
 * The document, from the registered contexts' declarations. `city` holds a city's overrides
 * (deploy config `privacy.retentionDays` and `privacy.legalBasis`): none for the checked-in
 * record, which shows the defaults; `--city` renders the city's own.
 */
export function renderPrivacyDocument(
  registered: readonly ContextDeclaration[] = contexts,
  city: CityPrivacySettings = {},
): string {
  const declaring = registered.filter((context) => (context.personalData ?? []).length > 0);
  return [
    '# Record of processing',
    '',
    '<!-- Generated from each context’s `personalData` declarations by `npm run privacy`; do not edit. -->',
    '',
    'What Civic stores about people, entity by entity: the attributes holding personal data as given,',
    'the attributes holding the *keyed identity* (an HMAC-SHA256 of the canonical address under the',
    'city’s secret key: pseudonymous, unlinkable without that key), why, on which lawful basis, for how',
    'long after it is written, and who may read it. Counts, summaries and ledger figures hold no',
    'personal data beyond the keyed identity listed here. `test/integration/personal-data-inventory.test.ts`',
    'leaves one resident’s footprint in every context and fails when their data lands in an attribute',
    'this record does not name.',
    '',
    '## How long, and what then',
    '',
    '"Kept" is how long after it is written each entity’s personal data stays; "at expiry" says what',
    'happens then. A city changes the retention per entity in its deploy configuration',
    '(`privacy.retentionDays`, e.g. `{ "Vote": 365 }`), and the lawful basis it relies on',
    '(`privacy.legalBasis`, e.g. `{ "Volunteer": "publicTask" }`); an entity no context declares',
    'stops the synth.',
    'This record shows the defaults; `npx tsx infra/write-privacy.ts --city` prints it with the',
    'settings of `civic.config.json`.',
    '',
    '- **On every item.** Each item holding personal data carries, from the moment it is written, the',
    '  instant its retention ends as `expiresAt` (the table’s TTL attribute) and what happens then as',
    '  `retention` (`delete` or `anonymise`). Items whose `expiresAt` is a deadline rather than a',
    '  retention (a confirmation link awaiting its click, a seat hold) carry no `retention`; they get',
    '  it when they become permanent.',
    '- **Absent at once.** DynamoDB deletes items past their TTL only eventually (within days), and',
    '  DynamoDB Local never, so every read treats an item past its `expiresAt` with a `retention` as',
    '  absent (`shared/db/retention-filter.ts`): from that instant no route, export, job or mail shows it.',
    `- **The \`retention\` job** runs on the schedule \`${retentionCron()}\` (the city’s time zone). It scans`,
    '  the table for due items (their keys and retention only, nothing personal) and hands each to',
    '  the context that owns it. *Deleted* items are deleted. *Anonymised* items must stay for what',
    `  was counted (a vote, hours given): they are anonymised in place up to ${anonymiseMarginDays} days before their`,
    '  `expiresAt`, so the TTL never deletes one: the keyed identity, the person-index keys and',
    '  every personal field go (except those the table says are kept,',
    '  the public record once nothing links it to a person), and so do `expiresAt` and `retention`.',
    '  Counts, summaries and ledger figures do not change. A context that fails does not stop the',
    '  others; the run fails, and the next run takes up what is left.',
    '',
    '## Consents',
    '',
    'Where a resident consents (to be contacted about what they submit, to have their neighbourhood',
    'and age band counted), the context records it in the same write as the form it came with, and',
    'the privacy context appends it to the person’s **consent ledger**: purpose, the version of the',
    'wording shown (a SHA-256 of its English text, so a changed word is a new version), channel,',
    'where, and when. The ledger is append-only: a withdrawal is a new record, and its',
    '`ConsentWithdrawn` event makes it effective at once everywhere (participation removes the',
    'contact details from the person’s contributions; impact removes the neighbourhood and age band',
    'from their activity records). The wording in force:',
    '',
    '| purpose | wording (English; Spanish too) | version |',
    '|---|---|---|',
    ...consentRows,
    '',
    '## A resident’s own requests',
    '',
    '`POST /privacy/requests` (public, rate-limited) takes an address and a request; the answer is',
    'always the same, whatever the city holds, and nothing happens until the link mailed to that',
    'address is confirmed. Admins see each request’s type, dates and steps (`GET /privacy/requests`),',
    'never the address or what an export held.',
    '',
    `- **export**: everything every context holds about the address, as one JSON document and a CSV per kind of record, through a link that works for ${exportLinkHours} hours (the token stored only as a hash). Never another person’s data.`,
    '- **erase**: contact details and what the person wrote go; their contributions stay as "removed',
    '  at the author’s request" (or are hidden: `privacy.erasedContributions`); votes and sign-ups stay',
    '  as anonymous counts, hours in totals; the consent ledger goes. A tombstone holding only the',
    '  keyed identity keeps a later paper batch from bringing the address back. A second erasure',
    '  finds nothing; an interrupted one resumes where it stopped.',
    '- **withdraw-consent**: the consent named ends everywhere at once, as above.',
    '',
    ...declaring.map((context) => contextSection(context, city)),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--city')) {
    // The city's own record, with its retention settings: for its data-protection officer to file.
    const { retentionDays, legalBasis } = loadConfig().privacy;
    process.stdout.write(renderPrivacyDocument(contexts, { retentionDays, legalBasis }));
  } else {
    writeFileSync(privacyDocumentPath, renderPrivacyDocument());
    console.log(`Wrote ${privacyDocumentPath}`);
  }
}
