import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ContextDeclaration } from '../functions/context';
import { contexts } from '../functions/contexts';
import { staffAccess } from '../shared/http/staff-access';
import type { PersonalDataDeclaration } from '../shared/privacy/personal-data';

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

function contextSection(context: ContextDeclaration): string {
  const rows = (context.personalData ?? []).map((entity) =>
    [
      `\`${entity.entity}\``,
      code(entity.fields),
      code(entity.identity ?? []),
      cell(entity.purpose),
      legalBases[entity.legalBasis],
      `${entity.retentionDays} days`,
      readersOf(entity.readers),
    ].join(' | '),
  );
  return [
    `## ${context.name}`,
    '',
    '| entity | personal data | keyed identity | purpose | legal basis | kept | who reads it |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}

/** The document, from the registered contexts' declarations. */
export function renderPrivacyDocument(registered: readonly ContextDeclaration[] = contexts): string {
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
    '"Kept" is each entity’s declared retention. Enforcing it — the TTL attribute on every personal',
    'item, reads that treat an expired item as absent, and a `retention` job anonymising what must',
    'stay for the counts — is the next step of issue 13 and not yet in place: until then items stay',
    'until erased by hand.',
    '',
    ...declaring.map(contextSection),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(privacyDocumentPath, renderPrivacyDocument());
  console.log(`Wrote ${privacyDocumentPath}`);
}
