import { z } from 'zod';
import { batchRowOutcomes } from '../../shared/domain/batch-intake';
import { channels } from '../../shared/domain/channel';
import { idSchema } from '../../shared/domain/ids';
import { pageQuery, pageSchema } from '../../shared/domain/page';
import { oneLineText } from '../../shared/domain/text';
import type { CsvRecord } from '../../shared/http/route';
import { personalData } from '../../shared/privacy/personal-data';

/** Most rows one request enters (JSON or CSV). */
export const maxRowsPerRequest = 500;
/** Most rows one batch may declare. */
export const maxDeclaredRows = 100_000;
/** The largest rows request: 500 rows of a long survey or of ideas with their texts. */
export const maxRowsBodyBytes = 2 * 1024 * 1024;

/** Channels staff enter through batches: everything but `web`, which is residents' own posts. */
export const batchChannels = channels.filter((channel) => channel !== 'web') as [
  Exclude<(typeof channels)[number], 'web'>,
  ...Exclude<(typeof channels)[number], 'web'>[],
];

/**
 * What a batch holds: one entry per kind of target, each committed through its owning context's
 * published intake (`intakes.ts`). A new kind is one entry here and one there.
 */
export const batchTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('survey-responses'), surveyId: idSchema }),
  z.object({ kind: z.literal('ideas'), engagementId: idSchema }),
  // A sign-in sheet at a meeting: registrants checked in, walk-ins recorded.
  z.object({ kind: z.literal('meeting-attendance'), meetingId: idSchema }),
  // Signatures on a published petition, from paper sheets (or phone, a stand…): they count with the web's.
  z.object({ kind: z.literal('petition-signatures'), petitionId: idSchema }),
]);
export type BatchTarget = z.output<typeof batchTarget>;
export type BatchTargetKind = BatchTarget['kind'];

export const batchInput = z.object({
  channel: z.enum(batchChannels).describe('Where the input was collected; `web` is not entered by staff.'),
  holds: batchTarget.describe('What the rows are, and where they go.'),
  collectedAt: z.iso
    .datetime({ offset: true })
    .max(40) // nanoseconds and an offset fit
    .describe('When the input was collected (ISO 8601 with offset).'),
  place: oneLineText({ min: 1, max: 200 }).describe('The event or place it was collected at.'),
  collectedBy: oneLineText({ min: 1, max: 200 }).describe('Who collected it (a team, a person).'),
  declaredRows: z
    .number()
    .int()
    .min(1)
    .max(maxDeclaredRows)
    .describe(
      'How many rows the paper holds, counted when it came in: commit waits until as many are entered.',
    ),
  doubleEntry: z
    .boolean()
    .default(false)
    .describe('Every row keyed twice, by two different people; commit waits until both keyings match.'),
});

export const batchStatuses = ['open', 'committing', 'committed'] as const;

const outcomeCounts = z
  .object(Object.fromEntries(batchRowOutcomes.map((outcome) => [outcome, z.number().int().nonnegative()])))
  .describe('Committed rows by outcome.');

export const batch = z.object({
  batchId: z.string(),
  channel: z.enum(batchChannels),
  holds: batchTarget,
  collectedAt: z.string(),
  place: z.string(),
  collectedBy: z.string(),
  declaredRows: z.number().int(),
  doubleEntry: z.boolean(),
  status: z.enum(batchStatuses),
  createdBy: z.string().describe('The staff member who declared it.'),
  createdAt: z.string(),
  commitRequestedAt: z.string().optional(),
  committedAt: z.string().optional(),
  outcomes: outcomeCounts.optional().describe('Present once committed.'),
});
export type Batch = z.output<typeof batch>;

export const batchParams = z.object({ batchId: idSchema });
export const batchListQuery = z.object({ ...pageQuery });
export const batchPage = pageSchema(batch);

export const rowsQuery = z.object({
  keying: z.coerce
    .number()
    .int()
    .min(1)
    .max(2)
    .default(1)
    .describe('`2` for the second keying of a double-entry batch, by someone other than the first.'),
});

const row = z.object({
  rowNumber: z.number().int().min(1).max(maxDeclaredRows).describe('The row’s number on the paper.'),
  line: z.number().int().positive().optional().describe('Its line in an uploaded CSV (set by the upload).'),
  data: z
    .record(
      // Field names as the target's web route names them (`participant.email`, a question's ID).
      z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$/, 'Use the field names of the web form.'),
      z.unknown(),
    )
    .describe('The row, as the web route of what the batch holds takes it (its body).'),
});

export const rowsInput = z
  .object({
    layout: z
      .enum(['nested', 'flat'])
      .default('nested')
      .describe(
        '`flat` (a CSV upload’s): `data` holds text by dotted field name (`participant.email`), read as a plain HTML form is.',
      ),
    rows: z.array(row).min(1).max(maxRowsPerRequest),
  })
  .superRefine((value, context) => {
    const seen = new Set<number>();
    value.rows.forEach((entry, index) => {
      if (seen.has(entry.rowNumber))
        context.addIssue({
          code: 'custom',
          path: ['rows', index, 'rowNumber'],
          message: `Row ${entry.rowNumber} appears twice in this request.`,
        });
      seen.add(entry.rowNumber);
    });
  });
export type RowsInput = z.output<typeof rowsInput>;

/**
 * A CSV upload as the rows body: one record per row, its `rowNumber` column (else its position in
 * the file) and every other column as the row's data, read as a plain form reads dotted names.
 */
export function rowsFromCsv(records: readonly CsvRecord[]): unknown {
  return {
    layout: 'flat',
    rows: records.map(({ line, fields }, index) => {
      const { rowNumber, ...data } = fields;
      return {
        rowNumber: rowNumber === undefined || rowNumber === '' ? index + 1 : Number(rowNumber),
        line,
        data: Object.fromEntries(Object.entries(data).filter(([, value]) => value !== '')),
      };
    }),
  };
}

export const rowsResult = z.object({
  batchId: z.string(),
  keying: z.number().int(),
  added: z.number().int().describe('Rows entered by this request.'),
  unchanged: z.number().int().describe('Rows entered before with the same data: nothing changed.'),
});

export const reconciliation = z.object({
  reconciled: z.boolean().describe('Whether the batch may be committed.'),
  declaredRows: z.number().int(),
  enteredRows: z.number().int().describe('Rows of the first keying.'),
  secondKeyedRows: z.number().int().optional().describe('Double entry: rows of the second keying.'),
  mismatchedRows: z
    .array(z.number().int())
    .max(100)
    .describe('Double entry: rows whose two keyings differ (the first 100).'),
  unkeyedRows: z
    .array(z.number().int())
    .max(100)
    .describe('Double entry: rows keyed once only, either keying missing (the first 100).'),
});

export const rowView = z.object({
  rowNumber: z.number().int(),
  enteredBy: z.string(),
  enteredAt: z.string(),
  secondKeying: z.enum(['matches', 'differs', 'missing']).optional(),
  outcome: z.enum(batchRowOutcomes as ['recorded', 'duplicate', 'refused', 'needs-review']).optional(),
  recordId: z.string().optional(),
  reason: z.string().optional(),
});

export const batchDetail = batch.extend({
  reconciliation,
  rows: pageSchema(rowView).describe('A page of rows (first keying), in row order, with their outcomes.'),
});

export const commitResult = z.object({
  batchId: z.string(),
  status: z.enum(batchStatuses),
});

/**
 * What batches keep about residents: each keying of a row holds what the paper said (names,
 * addresses, free text) and the keyed hash of its address until the batch is committed; committing
 * moves the data into the owner's record and leaves the row its outcome only, naming nobody.
 */
export const batchRowPersonalData = personalData({
  entity: 'BatchRow',
  fields: ['data.*'],
  identity: ['participantHash', 'gsi3pk', 'gsi3sk'],
  purpose:
    'To hold a paper, phone or event entry as staff keyed it (once, or twice to check the typing) until the batch is reconciled and committed, when it becomes a response or an idea like a web one and the row keeps only its outcome. An uncommitted row is deleted when its retention ends; an erased person’s row is blanked and never committed.',
  legalBasis: 'publicTask',
  // Paper is keyed within weeks of an event: half a year covers a slow second keying, and a
  // batch never committed by then is abandoned (its rows go; the batch, unreconciled, stays).
  retentionDays: 180,
  atExpiry: 'delete',
  readers: 'personalData',
});
export const batchesPersonalData = [batchRowPersonalData];
