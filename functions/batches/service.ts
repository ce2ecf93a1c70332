import { createHash } from 'node:crypto';
import { BatchCommitRequested, BatchCommitted, BatchDeclared } from '../../events/batches';
import type { BatchProvenance, BatchRowOutcome, BatchRowResult } from '../../shared/domain/batch-intake';
import { batchRowOutcomes } from '../../shared/domain/batch-intake';
import { domainEvent } from '../../shared/domain/domain-event';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { PageRequest } from '../../shared/domain/page';
import type { FieldError } from '../../shared/http/problem';
import { HttpProblem, problems } from '../../shared/http/problem';
import type { Principal } from '../../shared/http/route';
import type { Batch, batchInput, RowsInput } from './schemas';
import type { BatchStore, Keying, RowSummary, StoredRow } from './store';
import { type BatchIntakes, intakeFor } from './targets';

/** How many rows one run of the commit consumer commits before handing over to the next run. */
export const rowsPerCommitRun = 1000;
/** How many row numbers a reconciliation lists per kind of problem. */
const listedRows = 100;

export interface BatchDeps {
  /**
   * The keyed identity of an address (`participantIdentity`): the same hash as the web's, taken
   * when a row is entered (the HTTP function holds the key) and kept on the row for the commit.
   */
  identify: (email: string) => Promise<string>;
  /** Privacy's published `isErased`: a batch never brings an erased person's address back. */
  isErased: (participantHash: string) => Promise<boolean>;
  /** The keyed hash of another field (`keyedHash`), for intakes that compare one; where rows are entered. */
  keyedHash?: (purpose: string, value: string) => Promise<string>;
  clock?: () => Date;
}

/** Canonical JSON (keys sorted at every level), so equal data hashes equal however it was typed in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
const hashOf = (data: Record<string, unknown>) => createHash('sha256').update(canonical(data)).digest('hex');

const staffId = (principal: Principal) => {
  if (principal.kind !== 'staff') throw new Error('Batches are staff routes');
  return principal.userId;
};

const rowList = (rows: readonly number[]) => rows.slice(0, 20).join(', ') + (rows.length > 20 ? ', …' : '');

/** Where a batch stands against what was declared and, under double entry, between its two keyings. */
export function reconcile(batch: Batch, rows: readonly RowSummary[]) {
  const first = new Map(rows.filter((row) => row.keying === 1).map((row) => [row.rowNumber, row]));
  const second = new Map(rows.filter((row) => row.keying === 2).map((row) => [row.rowNumber, row]));
  const mismatchedRows: number[] = [];
  const unkeyedRows: number[] = [];
  if (batch.doubleEntry) {
    const numbers = [...new Set([...first.keys(), ...second.keys()])].sort((a, b) => a - b);
    for (const rowNumber of numbers) {
      const a = first.get(rowNumber);
      const b = second.get(rowNumber);
      // A committed row's second keying is gone with its data: it matched, or it would not be committed.
      // An erased person's keying holds nothing to compare: the row is settled, to be refused.
      if (a?.outcome || a?.erased || b?.erased) continue;
      if (!a || !b) unkeyedRows.push(rowNumber);
      else if (a.dataHash !== b.dataHash) mismatchedRows.push(rowNumber);
    }
  }
  return {
    reconciled: first.size === batch.declaredRows && mismatchedRows.length === 0 && unkeyedRows.length === 0,
    declaredRows: batch.declaredRows,
    enteredRows: first.size,
    ...(batch.doubleEntry ? { secondKeyedRows: second.size } : {}),
    mismatchedRows: mismatchedRows.slice(0, listedRows),
    unkeyedRows: unkeyedRows.slice(0, listedRows),
    all: { mismatchedRows, unkeyedRows },
  };
}

/**
 * Staff-entered batches (paper, phone, events): declared with what they hold and how many rows,
 * keyed (once, or twice by two people), reconciled against the declaration, then committed row by
 * row through the owning context's published intake (`intakes.ts`) by the `batch-commit` consumer.
 */
export function batchService(store: BatchStore, intakes: BatchIntakes, deps: BatchDeps) {
  const clock = deps.clock ?? (() => new Date());

  async function requireBatch(batchId: string) {
    const batch = await store.getBatch(batchId);
    if (!batch) throw new NotFoundError('No batch with this ID.');
    return batch;
  }

  /** Checks every row with its target's intake; any error is a 422 naming the row and field, nothing written. */
  async function validateRows(batch: Batch, input: RowsInput) {
    const { intake, target } = intakeFor(intakes, batch.holds);
    const errors: FieldError[] = [];
    const valid: { rowNumber: number; data: Record<string, unknown> }[] = [];
    for (const [index, row] of input.rows.entries()) {
      if (row.rowNumber > batch.declaredRows)
        errors.push({
          path: `body.rows.${index}.rowNumber`,
          message: `This batch declares ${batch.declaredRows} rows; row ${row.rowNumber} is not one of them.`,
        });
      const checked = await intake.validateRow(target, row.data, {
        flat: input.layout === 'flat',
        ...(deps.keyedHash ? { keyedHash: deps.keyedHash } : {}),
      });
      if (!checked.ok) {
        const where = row.line ? `Line ${row.line} (row ${row.rowNumber})` : `Row ${row.rowNumber}`;
        for (const error of checked.errors)
          errors.push({
            path: `body.rows.${index}.data.${error.path}`,
            message: `${where}: ${error.message}`,
          });
      } else valid.push({ rowNumber: row.rowNumber, data: checked.value });
    }
    if (errors.length > 0) throw new HttpProblem(problems.validation(errors));
    return valid;
  }

  async function commitRow(batch: Batch, row: StoredRow): Promise<BatchRowResult> {
    const { intake, target } = intakeFor(intakes, batch.holds);
    const data = row.data ?? {};
    const { participantHash } = row;
    // Blanked by the person's erasure while the batch waited: nothing is left to record.
    if (row.erased) return { outcome: 'refused', reason: 'erased' };
    if (participantHash && (await deps.isErased(participantHash)))
      return { outcome: 'refused', reason: 'erased' };
    const provenance: BatchProvenance = {
      batchId: batch.batchId,
      rowNumber: row.rowNumber,
      enteredBy: row.enteredBy,
      collectedAt: batch.collectedAt,
      channel: batch.channel,
    };
    return intake.commitBatchRow(
      target,
      { value: data, ...(participantHash ? { participantHash } : {}) },
      provenance,
    );
  }

  return {
    async declareBatch(input: ReturnType<typeof batchInput.parse>, principal: Principal): Promise<Batch> {
      const { intake, target } = intakeFor(intakes, input.holds);
      const checked = await intake.checkTarget(target);
      if (!checked.ok) {
        if (checked.missing) throw new NotFoundError(checked.reason);
        throw new ConflictError(checked.reason, 'target-not-open');
      }
      const createdAt = clock().toISOString();
      const batch: Batch = {
        batchId: newId(),
        channel: input.channel,
        holds: input.holds,
        collectedAt: new Date(input.collectedAt).toISOString(),
        place: input.place,
        collectedBy: input.collectedBy,
        declaredRows: input.declaredRows,
        doubleEntry: input.doubleEntry,
        status: 'open',
        createdBy: staffId(principal),
        createdAt,
      };
      const event = domainEvent(BatchDeclared, {
        eventId: newId(),
        occurredAt: createdAt,
        batchId: batch.batchId,
        channel: batch.channel,
        kind: batch.holds.kind,
        declaredRows: batch.declaredRows,
        doubleEntry: batch.doubleEntry,
      });
      await store.addBatch(batch, event);
      return batch;
    },

    listBatches: (page: PageRequest) => store.listBatches(page),

    async getBatch(batchId: string, page: PageRequest) {
      const batch = await requireBatch(batchId);
      const summaries = await store.rowSummaries(batchId);
      const { all: _all, ...reconciliation } = reconcile(batch, summaries);
      const rows = await store.rowPage(batchId, page);
      const second = new Map(
        summaries.filter((row) => row.keying === 2).map((row) => [row.rowNumber, row.dataHash]),
      );
      return {
        ...batch,
        reconciliation,
        rows: {
          ...rows,
          items: rows.items.map((row) => ({
            rowNumber: row.rowNumber,
            enteredBy: row.enteredBy,
            enteredAt: row.enteredAt,
            ...(batch.doubleEntry && !row.outcome
              ? {
                  secondKeying: !second.has(row.rowNumber)
                    ? ('missing' as const)
                    : second.get(row.rowNumber) === row.dataHash
                      ? ('matches' as const)
                      : ('differs' as const),
                }
              : {}),
            ...(row.outcome ? { outcome: row.outcome } : {}),
            ...(row.recordId ? { recordId: row.recordId } : {}),
            ...(row.reason ? { reason: row.reason } : {}),
          })),
        },
      };
    },

    /**
     * Enters rows of one keying, each validated as the web route validates it. Idempotent by
     * (batch, row number, keying): the same data again changes nothing; other data for an entered
     * row is 409 naming the rows, as is a second keying by the person who keyed the first.
     * Everything is checked before anything is written.
     */
    async enterRows(batchId: string, keying: Keying, input: RowsInput, principal: Principal) {
      const enteredBy = staffId(principal);
      const batch = await requireBatch(batchId);
      if (batch.status !== 'open')
        throw new ConflictError(`This batch is ${batch.status}; it takes no more rows.`, 'batch-not-open');
      if (keying === 2 && !batch.doubleEntry)
        throw new ConflictError('This batch is keyed once: there is no second keying.', 'no-double-entry');
      const valid = await validateRows(batch, input);
      const numbers = valid.map((row) => row.rowNumber);
      const existing = new Map(
        (await store.getRows(batchId, keying, numbers)).map((row) => [row.rowNumber, row]),
      );
      const other = batch.doubleEntry ? await store.getRows(batchId, keying === 1 ? 2 : 1, numbers) : [];
      const samePerson = other.filter((row) => row.enteredBy === enteredBy).map((row) => row.rowNumber);
      if (samePerson.length > 0)
        throw new ConflictError(
          `Rows ${rowList(samePerson)}: the other keying is yours; double entry needs a second person.`,
          'same-person',
        );
      const { intake } = intakeFor(intakes, batch.holds);
      const rows: StoredRow[] = [];
      for (const row of valid) {
        const email = intake.emailOf(row.data);
        rows.push({
          batchId,
          rowNumber: row.rowNumber,
          keying,
          data: row.data,
          dataHash: hashOf(row.data),
          ...(email ? { participantHash: await deps.identify(email) } : {}),
          enteredBy,
          enteredAt: clock().toISOString(),
        });
      }
      const changed = rows
        .filter(
          (row) => existing.has(row.rowNumber) && existing.get(row.rowNumber)?.dataHash !== row.dataHash,
        )
        .map((row) => row.rowNumber);
      if (changed.length > 0)
        throw new ConflictError(
          `Rows ${rowList(changed)} were entered before with other data; a row is entered once per keying.`,
          'row-entered',
        );
      let added = 0;
      // One at a time: each row's write checks the batch is still open, in one transaction.
      for (const row of rows.filter((each) => !existing.has(each.rowNumber))) {
        const outcome = await store.addRow(row);
        if (outcome === 'not-open')
          throw new ConflictError(
            'This batch stopped taking rows while these were entered.',
            'batch-not-open',
          );
        if (outcome === 'added') added++;
      }
      return { batchId, keying, added, unchanged: rows.length - added };
    },

    /**
     * Refuses (409 `unreconciled`) a batch whose entered rows differ from the declared count, or
     * whose double entry is incomplete or mismatched (naming the rows); otherwise marks it
     * `committing` and asks the `batch-commit` consumer, through the outbox, to commit its rows.
     */
    async requestCommit(batchId: string) {
      const batch = await requireBatch(batchId);
      if (batch.status !== 'open') return { batchId, status: batch.status };
      const result = reconcile(batch, await store.rowSummaries(batchId));
      if (!result.reconciled) {
        const reasons = [
          ...(result.enteredRows !== batch.declaredRows
            ? [`${result.enteredRows} rows are entered of the ${batch.declaredRows} declared`]
            : []),
          ...(result.all.mismatchedRows.length > 0
            ? [`rows ${rowList(result.all.mismatchedRows)} differ between the two keyings`]
            : []),
          ...(result.all.unkeyedRows.length > 0
            ? [`rows ${rowList(result.all.unkeyedRows)} lack a second keying`]
            : []),
        ];
        throw new ConflictError(`This batch is not reconciled: ${reasons.join('; ')}.`, 'unreconciled');
      }
      const at = clock().toISOString();
      const event = domainEvent(BatchCommitRequested, { eventId: newId(), occurredAt: at, batchId });
      const marked = await store.markCommitting(batchId, at, event);
      return {
        batchId,
        status: marked === 'marked' ? ('committing' as const) : (await requireBatch(batchId)).status,
      };
    },

    /**
     * Commits a `committing` batch's rows, in order, through the target's intake (the `batch-commit`
     * consumer). Resumable: committed rows carry their outcome and are skipped, and each intake
     * writes a row's record under an ID derived from batch and row, so a run cut short (or a
     * redelivered event) writes nothing twice. After `rowsPerRun` rows it hands over to a new run.
     */
    async runCommit(
      batchId: string,
      rowsPerRun = rowsPerCommitRun,
    ): Promise<'committed' | 'continued' | 'skipped'> {
      const batch = await store.getBatch(batchId);
      if (batch?.status !== 'committing') return 'skipped';
      let done = 0;
      while (done < rowsPerRun) {
        const rows = await store.uncommittedRows(batchId, Math.min(100, rowsPerRun - done));
        if (rows.length === 0) break;
        for (const row of rows) {
          await store.recordOutcome(
            batchId,
            row.rowNumber,
            await commitRow(batch, row),
            clock().toISOString(),
          );
          done++;
        }
      }
      if ((await store.uncommittedRows(batchId, 1)).length > 0) {
        const at = clock().toISOString();
        await store.continueCommit(
          domainEvent(BatchCommitRequested, { eventId: newId(), occurredAt: at, batchId }),
        );
        return 'continued';
      }
      const outcomes = Object.fromEntries(batchRowOutcomes.map((outcome) => [outcome, 0])) as Record<
        BatchRowOutcome,
        number
      >;
      for (const row of await store.rowSummaries(batchId))
        if (row.keying === 1 && row.outcome) outcomes[row.outcome]++;
      const at = clock().toISOString();
      await store.finishCommit(
        batchId,
        outcomes,
        at,
        domainEvent(BatchCommitted, {
          eventId: newId(),
          occurredAt: at,
          batchId,
          channel: batch.channel,
          kind: batch.holds.kind,
          outcomes,
        }),
      );
      return 'committed';
    },
  };
}
