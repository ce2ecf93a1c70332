import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import {
  batch,
  batchDetail,
  batchesPersonalData,
  batchInput,
  batchListQuery,
  batchPage,
  batchParams,
  commitResult,
  maxRowsBodyBytes,
  maxRowsPerRequest,
  rowsFromCsv,
  rowsInput,
  rowsQuery,
  rowsResult,
} from './schemas';

const tag = 'batches';
// Batches hold residents' rows (addresses, names) until committed: the people who enter them.
const coordinator = staffAccess.personalData;

/** The route contracts; what each does is bound in `handler.ts`. */
export const batchesRoutes = [
  defineRoute({
    operationId: 'declareBatch',
    method: 'POST',
    path: '/batches',
    summary: 'Declare a batch of paper, phone or event input',
    description:
      'What it holds (survey responses to a survey, ideas for an engagement, a meeting’s sign-in sheet), where and when it was collected, by whom, and how many rows the paper holds: commit waits until as many rows are entered (and, with `doubleEntry`, keyed twice by two people and matching).',
    tag,
    auth: staffAccess.manage,
    request: { body: batchInput },
    response: { status: 201, description: 'The batch, `open` for rows.', schema: batch },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'listBatches',
    method: 'GET',
    path: '/batches',
    summary: 'Batches, newest first',
    tag,
    auth: coordinator,
    request: { query: batchListQuery },
    response: { status: 200, description: 'A page of batches.', schema: batchPage },
  }),
  defineRoute({
    operationId: 'getBatch',
    method: 'GET',
    path: '/batches/{batchId}',
    summary: 'A batch: its status, reconciliation, and a page of its rows with their outcomes',
    tag,
    auth: coordinator,
    request: { params: batchParams, query: batchListQuery },
    response: {
      status: 200,
      description: 'The batch with its reconciliation and rows.',
      schema: batchDetail,
    },
    errors: [404],
  }),
  defineRoute({
    operationId: 'enterBatchRows',
    method: 'POST',
    path: '/batches/{batchId}/rows',
    summary: `Enter up to ${maxRowsPerRequest} rows, as JSON or as a CSV upload`,
    description:
      'Each row is checked exactly as the web route of what the batch holds checks a resident’s post (422 naming the row and field, nothing written). Idempotent by batch, row number and keying: the same data again changes nothing; other data for an entered row is 409 naming it. `keying=2` enters the second keying of a double-entry batch, which must be someone other than the first keying’s (409 otherwise). A CSV upload (`text/csv`) has a header row; its `rowNumber` column numbers the rows (else their order), and the other columns are the row’s fields by dotted name, as a plain HTML form names them (`participant.email`, `answers.often`).',
    tag,
    auth: staffAccess.manage,
    request: { params: batchParams, query: rowsQuery, body: rowsInput },
    acceptsCsv: {
      maxBytes: maxRowsBodyBytes,
      description: `A header row, then up to ${maxRowsPerRequest} rows: \`rowNumber\` and the row's fields by dotted name.`,
      toBody: rowsFromCsv,
    },
    response: {
      status: 200,
      description: 'How many rows were added, and how many were there already.',
      schema: rowsResult,
    },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'commitBatch',
    method: 'POST',
    path: '/batches/{batchId}/commit',
    summary: 'Commit a reconciled batch: every row counted like a web entry, with its channel and provenance',
    description:
      'Refused with 409 `unreconciled` while the entered rows differ from the declared count, or (double entry) while any row lacks a matching second keying: the problem names the counts and rows. Otherwise the batch becomes `committing` and its rows are committed one by one, in the background; `GET /batches/{batchId}` shows the progress, then `committed` with the outcome counts (`recorded`, `duplicate`: the person already took part, `refused`: erased person or closed target, `needs-review`).',
    tag,
    auth: staffAccess.manage,
    request: { params: batchParams },
    response: { status: 202, description: 'The batch is being committed.', schema: commitResult },
    errors: [404, 409],
  }),
];

/** Staff-entered batches: one HTTP function and the consumer that commits batches row by row. */
export const batches: ContextDeclaration = {
  name: 'batches',
  // Uncommitted rows: what the paper said, and the keyed hash of its address.
  personalData: batchesPersonalData,
  http: [
    {
      name: 'batches',
      entry: 'functions/batches/handler.ts',
      routes: batchesRoutes,
      tableAccess: 'readWrite',
      // Rows are checked with the target's published intake (its schema, the survey's questions).
      publishedFrom: { surveys: 'read', participation: 'read', meetings: 'read', petitions: 'read' },
      // 500 rows, each its own conditional write: more than the default 10 s may be needed.
      timeoutSeconds: 29,
      // A row's email is hashed on entry (the same keyed hash as the web's), for the commit's dedupe.
      hashesParticipants: true,
    },
  ],
  consumers: [
    {
      name: 'batch-commit',
      entry: 'functions/batches/commit-consumer.ts',
      eventPattern: { source: ['civic.batches'], 'detail-type': ['BatchCommitRequested'] },
      tableAccess: 'readWrite',
      // Each row is written by its owner's intake, and an erased person's row is not written at all.
      publishedFrom: {
        surveys: 'readWrite',
        participation: 'readWrite',
        meetings: 'readWrite',
        petitions: 'readWrite',
        privacy: 'read',
      },
      // One batch's runs follow each other; a second function at once would only race the first.
      reservedConcurrency: 2,
    },
  ],
};
