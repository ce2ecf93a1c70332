import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../infra/config';
import { configEnvironment } from '../../infra/function-environment';
import { judgeCells, smallNumbers } from '../../shared/domain/small-numbers';

describe('judgeCells', () => {
  it('withholds cells of 1 to 4 people and shows empty cells and cells of 5', () => {
    // Act
    const verdicts = judgeCells([0, 1, 4, 5, 9, 3], 5);

    // Assess
    expect(verdicts).toEqual(['shown', 'below-minimum', 'below-minimum', 'shown', 'shown', 'below-minimum']);
  });

  it('withholds the next-smallest cell when only one is small, so the total cannot give it away', () => {
    // Act
    const verdicts = judgeCells([12, 3, 7, 20], 5);

    // Assess
    expect(verdicts).toEqual(['shown', 'below-minimum', 'complementary', 'shown']);
  });

  it('takes an empty cell as the complementary one when it is the next-smallest', () => {
    // Act
    const verdicts = judgeCells([3, 0, 9], 5);

    // Assess
    expect(verdicts).toEqual(['below-minimum', 'complementary', 'shown']);
  });
});

describe('smallNumbers', () => {
  const cells = [
    { name: 'Riverside', count: 8 },
    { name: 'Hillside', count: 3 },
    { name: 'Old Town', count: 6 },
  ];
  const withhold = (cell: { name: string }) => ({ name: cell.name, count: null });

  it('withholds small cells from anyone but an admin and says how many', () => {
    // Act
    const numbers = smallNumbers({ minimumCellSize: 5, admin: false });
    const shown = numbers.cells(cells, (cell) => cell.count, withhold);

    // Assess
    expect(shown).toEqual([
      { name: 'Riverside', count: 8 },
      { name: 'Hillside', count: null, suppressed: true },
      { name: 'Old Town', count: null, suppressed: true },
    ]);
    expect(numbers.note()).toMatchObject({ minimumCellSize: 5, suppressedCells: 2, belowMinimumCells: 0 });
  });

  it('shows an admin every cell, flagging the small one with a warning', () => {
    // Act
    const numbers = smallNumbers({ minimumCellSize: 5, admin: true });
    const shown = numbers.cells(cells, (cell) => cell.count, withhold);

    // Assess
    expect(shown).toEqual([
      { name: 'Riverside', count: 8 },
      { name: 'Hillside', count: 3, belowMinimum: true },
      { name: 'Old Town', count: 6 },
    ]);
    expect(numbers.note()).toMatchObject({ suppressedCells: 0, belowMinimumCells: 1 });
    expect(numbers.note()?.message).toMatch(/admin/);
  });

  it('adds no note when every cell is large enough', () => {
    // Act
    const numbers = smallNumbers({ minimumCellSize: 3, admin: false });
    numbers.cells(cells, (cell) => cell.count, withhold);

    // Assess
    expect(numbers.note()).toBeUndefined();
  });
});

describe('privacy.minimumCellSize', () => {
  it('defaults to 5 and reaches every function as MINIMUM_CELL_SIZE', () => {
    // Act
    const config = parseConfig({});

    // Assess
    expect(config.privacy.minimumCellSize).toBe(5);
    expect(configEnvironment(config).MINIMUM_CELL_SIZE).toBe('5');
    expect(configEnvironment(parseConfig({ privacy: { minimumCellSize: 10 } })).MINIMUM_CELL_SIZE).toBe('10');
  });

  it('refuses a minimum below 2', () => {
    // Act
    const refused = () => parseConfig({ privacy: { minimumCellSize: 1 } });

    // Assess
    expect(refused).toThrow(/privacy\.minimumCellSize/);
  });
});
