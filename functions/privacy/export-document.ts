import { stringify } from 'csv-stringify/sync';
import type { PersonalRecords } from '../../shared/privacy/person';
import type { ExportDocument } from './schemas';

/**
 * A resident's export: one JSON document of everything every context holds about them, and the
 * same records as one CSV file per kind of record (entity), which is what a person opens in a
 * spreadsheet. Records are flat (`PersonalRecords`), so a CSV's columns are every field any of
 * its records has, in the order they first appear.
 */

/** The document, from what each context answered (contexts with nothing are left out). */
export function exportDocumentOf(
  byContext: ReadonlyMap<string, readonly PersonalRecords[]>,
  generatedAt: Date,
): ExportDocument {
  const contexts: ExportDocument['contexts'] = {};
  for (const [context, entities] of byContext) {
    const held = entities.filter((entity) => entity.records.length > 0);
    if (held.length > 0) contexts[context] = held.map(({ entity, records }) => ({ entity, records }));
  }
  return { generatedAt: generatedAt.toISOString(), contexts };
}

/** The kinds of record a document holds, each once, with how many records of each. */
export function recordCounts(document: ExportDocument): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entities of Object.values(document.contexts))
    for (const { entity, records } of entities) counts[entity] = (counts[entity] ?? 0) + records.length;
  return counts;
}

/**
 * A spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, tab or CR as a formula (CSV
 * injection), and what a resident wrote may start so: such text gets a leading apostrophe.
 */
const guardFormula = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/**
 * One entity's records as CSV: UTF-8 with BOM, CRLF, RFC 4180 quoting (a field with a delimiter,
 * quote or line break is quoted), a header row even when there are no records. Undefined when
 * the document holds no records of that entity.
 */
export function entityCsv(document: ExportDocument, entity: string): string | undefined {
  const records = Object.values(document.contexts).flatMap((entities) =>
    entities.filter((held) => held.entity === entity).flatMap((held) => held.records),
  );
  if (records.length === 0) return undefined;
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
  const rows = records.map((record) =>
    Object.fromEntries(
      columns.map((column) => {
        const value = record[column];
        return [column, typeof value === 'string' ? guardFormula(value) : (value ?? undefined)];
      }),
    ),
  );
  return stringify(rows, {
    columns,
    header: true,
    bom: true,
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
    cast: { boolean: (value) => String(value) },
  });
}
