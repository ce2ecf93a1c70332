import { stringify } from 'csv-stringify/sync';
import { InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import type { Question } from './questions';
import type { StoredResponse, SurveyStore, SurveyVersion } from './store';

/**
 * Raw responses for analysts: a JSON page at a time, or every response as one CSV file streamed
 * a DynamoDB page at a time (memory holds one page, whatever the survey's size).
 *
 * CSV layout: `response_id`, `submitted_at`, `version`, `channel` (web, paper…), the consented profile (`neighbourhood`,
 * `age_band`, `language`), then one column per question id: a version's questions when a version
 * is asked for, else every question any version had, in the order they first appeared. Question
 * ids are slugs (no `_`), so they never clash with the fixed columns.
 */

const fixedColumns = [
  { key: 'response_id', header: 'response_id' },
  { key: 'submitted_at', header: 'submitted_at' },
  { key: 'version', header: 'version' },
  { key: 'channel', header: 'channel' },
  { key: 'neighbourhood', header: 'neighbourhood' },
  { key: 'age_band', header: 'age_band' },
  { key: 'language', header: 'language' },
];

/** How many responses one DynamoDB query page (and so one CSV chunk) holds. */
const exportPageSize = 500;

/** A cell as a spreadsheet should show it: choices joined in order, points as `lat lon`. */
export function cellValue(value: unknown): string | number | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join('; ');
  if (typeof value === 'object') {
    const { lat, lon, neighbourhood } = value as { lat?: unknown; lon?: unknown; neighbourhood?: unknown };
    if (typeof neighbourhood === 'string') return neighbourhood;
    if (typeof lat === 'number' && typeof lon === 'number') return `${lat} ${lon}`;
    return JSON.stringify(value);
  }
  if (typeof value === 'number') return value;
  return guardFormula(String(value));
}

/**
 * Residents type free text, and a cell starting with `=`, `+`, `-`, `@`, tab or CR is run as a
 * formula by spreadsheets (CSV injection). Such text gets a leading apostrophe, which spreadsheets
 * hide; numbers are never changed.
 */
function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Question ids in the order they first appear across the versions (oldest version first). */
function questionColumns(versions: readonly SurveyVersion[]): string[] {
  const ids = new Set<string>();
  for (const version of versions) for (const q of version.questions as Question[]) ids.add(q.id);
  return [...ids];
}

function csvRecord(response: StoredResponse): Record<string, string | number | undefined> {
  const record: Record<string, string | number | undefined> = {
    response_id: response.responseId,
    submitted_at: response.submittedAt,
    version: response.version,
    channel: response.channel,
    neighbourhood: cellValue(response.respondent?.neighbourhood),
    age_band: response.respondent?.ageBand,
    language: response.respondent?.language,
  };
  for (const [id, value] of Object.entries(response.answers)) record[`q:${id}`] = cellValue(value);
  return record;
}

/** The name a CSV download is offered under: the survey, and the version when only one is exported. */
export function responsesCsvFilename(surveyId: string, version: number | undefined): string {
  return `survey-${surveyId}${version === undefined ? '' : `-v${version}`}-responses.csv`;
}

export function surveyExports(store: SurveyStore) {
  /** The versions the export covers; checked before anything is streamed, so mistakes are 4xx. */
  async function versionsToExport(surveyId: string, version: number | undefined) {
    const survey = await store.getSurvey(surveyId);
    if (!survey) throw new NotFoundError('No survey with this ID.');
    const versions = await store.listVersions(surveyId);
    if (version === undefined) return versions;
    const chosen = versions.filter((v) => v.version === version);
    if (chosen.length === 0)
      throw new InvalidFieldError('query.version', `This survey has versions 1 to ${survey.currentVersion}.`);
    return chosen;
  }

  return {
    /** One page of responses, oldest first. With a version filter a page may hold fewer than `limit`. */
    async responsePage(
      surveyId: string,
      query: { version?: number | undefined; limit: number; cursor?: string | undefined },
    ) {
      await versionsToExport(surveyId, query.version);
      return store.responsePage(surveyId, query);
    },

    /**
     * Every response as CSV (UTF-8 with BOM, CRLF, RFC 4180 quoting), one chunk per DynamoDB page,
     * each written before the next page is read. A read failure mid-way errors the stream, so the
     * download ends cut short — never silently complete.
     */
    async responsesCsv(surveyId: string, version: number | undefined): Promise<AsyncIterable<string>> {
      const versions = await versionsToExport(surveyId, version);
      const columns = [
        ...fixedColumns,
        ...questionColumns(versions).map((id) => ({ key: `q:${id}`, header: id })),
      ];
      const options = {
        columns,
        record_delimiter: 'windows',
        // RFC 4180: a field holding a line break is quoted too (delimiters and quotes always are).
        quoted_match: /[\r\n]/,
      } as const;
      const pages = store.responsePages(surveyId, { version, pageSize: exportPageSize });
      return (async function* () {
        // The header row (after the BOM that tells spreadsheets it is UTF-8) goes first, even for no responses.
        yield stringify([], { ...options, bom: true, header: true });
        for await (const page of pages) if (page.length > 0) yield stringify(page.map(csvRecord), options);
      })();
    },
  };
}
