import { describe, expect, it } from 'vitest';
import type { Batch } from '../../functions/batches/schemas';
import { reconcile } from '../../functions/batches/service';
import type { RowSummary } from '../../functions/batches/store';
import { derivedId, idSchema } from '../../shared/domain/ids';

const batch = (declaredRows: number, doubleEntry: boolean): Batch => ({
  batchId: '01JDKC0A1B2C3D4E5F6G7H8J9M',
  channel: 'paper',
  holds: { kind: 'ideas', engagementId: '01JDKC0A1B2C3D4E5F6G7H8J9K' },
  collectedAt: '2026-05-10T12:00:00.000Z',
  place: 'Library',
  collectedBy: 'Outreach',
  declaredRows,
  doubleEntry,
  status: 'open',
  createdBy: 'staff-coordinator',
  createdAt: '2026-05-11T12:00:00.000Z',
});

const row = (rowNumber: number, keying: 1 | 2, dataHash: string): RowSummary => ({
  rowNumber,
  keying,
  dataHash,
  enteredBy: keying === 1 ? 'ana' : 'ben',
});

describe('batch reconciliation', () => {
  it('reconciles a batch keyed once whose entered rows match the declared count', () => {
    // Act
    const result = reconcile(batch(2, false), [row(1, 1, 'a'), row(2, 1, 'b')]);

    // Assess
    expect(result).toMatchObject({ reconciled: true, enteredRows: 2, mismatchedRows: [], unkeyedRows: [] });
  });

  it('names the rows whose keyings differ and those keyed once only', () => {
    // Act
    const result = reconcile(batch(3, true), [
      row(1, 1, 'a'),
      row(1, 2, 'a'),
      row(2, 1, 'b'),
      row(2, 2, 'x'),
      row(3, 1, 'c'),
    ]);

    // Assess
    expect(result).toMatchObject({
      reconciled: false,
      enteredRows: 3,
      secondKeyedRows: 2,
      mismatchedRows: [2],
      unkeyedRows: [3],
    });
  });

  it('does not reconcile fewer rows than declared', () => {
    // Act
    const result = reconcile(batch(3, false), [row(1, 1, 'a')]);

    // Assess
    expect(result).toMatchObject({ reconciled: false, enteredRows: 1, declaredRows: 3 });
  });
});

describe('derived IDs', () => {
  it('derives the same ID issued by this API for the same batch and row, and another for another row', () => {
    // Act
    const first = derivedId('01JDKC0A1B2C3D4E5F6G7H8J9M', 7);
    const again = derivedId('01JDKC0A1B2C3D4E5F6G7H8J9M', 7);
    const other = derivedId('01JDKC0A1B2C3D4E5F6G7H8J9M', 8);

    // Assess
    expect(idSchema.safeParse(first).success).toBe(true);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(first.slice(0, 10)).toBe('01JDKC0A1B');
  });
});
