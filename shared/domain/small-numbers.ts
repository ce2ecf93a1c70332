import { z } from 'zod';

/**
 * Small numbers stay private. A cell of an aggregate broken down by area or age band that counts
 * a handful of people points at those people (three respondents in one neighbourhood, and their
 * answers), so every such aggregate shown to anyone but an admin withholds cells counting fewer
 * people than a minimum (deploy config `privacy.minimumCellSize`, default 5):
 *
 * - Primary suppression: a cell of 1 … minimum − 1 people is withheld, its count and every figure
 *   derived from its group (shares, ratios, means, medians, the group's whole results) `null`,
 *   marked `suppressed: true`. A cell of 0 describes nobody and is shown.
 * - Complementary suppression: where the breakdown's total is shown, one withheld cell could be
 *   recomputed as the total less the others. So when exactly one cell is withheld, the smallest
 *   of the remaining cells is withheld too (then only their sum is known, never either one).
 * - Admins see every cell; those below the minimum carry `belowMinimum: true`, and the answer a
 *   warning not to publish them.
 *
 * Every answer that withheld or flagged a cell says so in its `suppression` note.
 */

/** Who is reading, and the minimum in force. */
export interface SmallNumbersRule {
  minimumCellSize: number;
  /** Admins see small cells (flagged); everyone else, and everything mailed, does not. */
  admin: boolean;
}

/** Whether a caller reads as an admin: staff whose roles include `admin`. */
export function readsAsAdmin(principal: { kind: string; roles?: readonly string[] }): boolean {
  return principal.kind === 'staff' && (principal.roles ?? []).includes('admin');
}

/** What happens to each cell of one breakdown. */
export type CellVerdict = 'shown' | 'below-minimum' | 'complementary';

/**
 * The verdict on each count of one breakdown (a partition of people whose total is, or may be,
 * shown): primary cells below the minimum, and the complementary cell when only one is below.
 */
export function judgeCells(counts: readonly number[], minimumCellSize: number): CellVerdict[] {
  const verdicts: CellVerdict[] = counts.map((count) =>
    count > 0 && count < minimumCellSize ? 'below-minimum' : 'shown',
  );
  if (verdicts.filter((verdict) => verdict === 'below-minimum').length === 1) {
    // The next-smallest cell (ties: the first listed), zeros included: with it withheld the
    // reader knows only the two cells' sum, never the small one.
    let next = -1;
    counts.forEach((count, index) => {
      if (verdicts[index] === 'shown' && (next === -1 || count < (counts[next] as number))) next = index;
    });
    if (next !== -1) verdicts[next] = 'complementary';
  }
  return verdicts;
}

/** The `suppression` note of an answer in which some cell was withheld or flagged. */
export interface SuppressionNote {
  minimumCellSize: number;
  /** Cells withheld from this reader (primary and complementary). */
  suppressedCells: number;
  /** Admins: cells shown although they count fewer people than the minimum. */
  belowMinimumCells: number;
  message: string;
}

export const suppressionNote = z
  .object({
    minimumCellSize: z.number().int(),
    suppressedCells: z
      .number()
      .int()
      .describe(
        'Cells withheld from this reader: their count and derived figures are null, `suppressed: true`.',
      ),
    belowMinimumCells: z
      .number()
      .int()
      .describe(
        'Admins only: cells shown although they count fewer people than the minimum (`belowMinimum: true`).',
      ),
    message: z.string(),
  })
  .describe(
    'Present when small numbers were withheld or, for an admin, flagged: cells counting fewer people than `minimumCellSize` are withheld from everyone but admins, and one more when a total would reveal a single withheld cell.',
  );

/** The flags a cell of a response schema may carry (see `suppressionNote`). */
export const cellFlags = {
  suppressed: z
    .literal(true)
    .optional()
    .describe('Withheld: fewer people than the minimum cell size, or the cell that would reveal one.'),
  belowMinimum: z
    .literal(true)
    .optional()
    .describe('Admins only: fewer people than the minimum cell size; do not publish.'),
};

/**
 * Applies the rule across one answer: each breakdown goes through `cells` (or `group` for a
 * verdict decided elsewhere), and `note()` says what happened, for the answer's `suppression`.
 */
export function smallNumbers(rule: SmallNumbersRule) {
  let suppressedCells = 0;
  let belowMinimumCells = 0;
  function one<T, W>(
    cell: T,
    verdict: CellVerdict,
    withhold: (cell: T) => W,
  ): T | (T & { belowMinimum: true }) | (W & { suppressed: true }) {
    if (verdict === 'shown') return cell;
    if (rule.admin) {
      if (verdict === 'complementary') return cell;
      belowMinimumCells++;
      return { ...cell, belowMinimum: true as const };
    }
    suppressedCells++;
    return { ...withhold(cell), suppressed: true as const };
  }
  return {
    rule,
    /** One cell whose verdict is known (a group of a breakdown judged with `judgeCells`). */
    one,
    /**
     * One breakdown: cells kept as they are, flagged `belowMinimum` for admins, or replaced by
     * `withhold(cell)` (which nulls the count and what derives from it) for everyone else.
     */
    cells<T, W>(
      cells: readonly T[],
      countOf: (cell: T) => number,
      withhold: (cell: T) => W,
    ): (T | (T & { belowMinimum: true }) | (W & { suppressed: true }))[] {
      const verdicts = judgeCells(cells.map(countOf), rule.minimumCellSize);
      return cells.map((cell, index) => one(cell, verdicts[index] ?? 'shown', withhold));
    },
    /** The note for the answer; undefined when nothing was withheld or flagged. */
    note(): SuppressionNote | undefined {
      if (suppressedCells === 0 && belowMinimumCells === 0) return undefined;
      const minimum = rule.minimumCellSize;
      return {
        minimumCellSize: minimum,
        suppressedCells,
        belowMinimumCells,
        message: rule.admin
          ? `${belowMinimumCells} ${belowMinimumCells === 1 ? 'cell counts' : 'cells count'} fewer than ${minimum} people: shown because you are an admin, withheld from everyone else. Do not publish them.`
          : `Cells counting fewer than ${minimum} people are withheld to protect the people in them (and one more where a total would reveal a withheld cell): ${suppressedCells} withheld.`,
      };
    },
  };
}

export type SmallNumbers = ReturnType<typeof smallNumbers>;
