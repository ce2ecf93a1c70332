import { type CellVerdict, judgeCells, type SmallNumbers } from '../../shared/domain/small-numbers';
import { isShown, type Question } from './questions';

/**
 * Per-question aggregates for one survey version, built one response at a time so memory grows
 * with the number of questions and options, not responses (number questions keep their values
 * for the median: 8 bytes a response).
 */

interface ChoiceTally {
  kind: 'choice';
  counts: Map<string, number>;
}
interface ScaleTally {
  kind: 'scale';
  values: number[];
}
interface RankingTally {
  kind: 'ranking';
  positionSums: Map<string, number>;
  bordaPoints: Map<string, number>;
}
interface CountTally {
  kind: 'count';
  neighbourhoods: Map<string, number>;
}
type Tally = ChoiceTally | ScaleTally | RankingTally | CountTally;

interface QuestionState {
  question: Question;
  shown: number;
  answered: number;
  tally: Tally;
}

export interface StoredAnswers {
  answers: Record<string, unknown>;
}

function emptyTally(q: Question): Tally {
  switch (q.type) {
    case 'single-choice':
    case 'multi-choice':
      return { kind: 'choice', counts: new Map(q.options.map((o) => [o.id, 0])) };
    case 'likert':
    case 'number':
      return { kind: 'scale', values: [] };
    case 'ranking':
      return {
        kind: 'ranking',
        positionSums: new Map(q.options.map((o) => [o.id, 0])),
        bordaPoints: new Map(q.options.map((o) => [o.id, 0])),
      };
    case 'text':
    case 'location':
      return { kind: 'count', neighbourhoods: new Map() };
  }
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

function median(sorted: readonly number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function createResultsAccumulator(questions: readonly Question[]) {
  const states = questions.map(
    (question): QuestionState => ({ question, shown: 0, answered: 0, tally: emptyTally(question) }),
  );
  let total = 0;
  let complete = 0;

  return {
    /** Adds one stored (already validated) response. */
    add({ answers }: StoredAnswers) {
      total++;
      let missedAShownQuestion = false;
      for (const state of states) {
        const q = state.question;
        if (!isShown(q, answers)) continue;
        state.shown++;
        const value = answers[q.id];
        if (value === undefined) {
          missedAShownQuestion = true;
          continue;
        }
        state.answered++;
        const tally = state.tally;
        if (tally.kind === 'choice') {
          for (const id of Array.isArray(value) ? value : [value])
            tally.counts.set(String(id), (tally.counts.get(String(id)) ?? 0) + 1);
        } else if (tally.kind === 'scale') {
          tally.values.push(Number(value));
        } else if (tally.kind === 'ranking') {
          const order = value as string[];
          order.forEach((id, position) => {
            tally.positionSums.set(id, (tally.positionSums.get(id) ?? 0) + position + 1);
            tally.bordaPoints.set(id, (tally.bordaPoints.get(id) ?? 0) + (order.length - 1 - position));
          });
        } else if (q.type === 'location') {
          const neighbourhood = (value as { neighbourhood?: string }).neighbourhood;
          if (neighbourhood)
            tally.neighbourhoods.set(neighbourhood, (tally.neighbourhoods.get(neighbourhood) ?? 0) + 1);
        }
      }
      if (!missedAShownQuestion) complete++;
    },

    /**
     * The figures, as `GET /surveys/{id}/results` serves them. Shares are of those who answered.
     * Counts by neighbourhood go through the small-numbers rule (`numbers`).
     */
    result(numbers: SmallNumbers) {
      return {
        totalResponses: total,
        completeResponses: complete,
        completionRate: total === 0 ? 0 : round(complete / total),
        questions: states.map(({ question: q, shown, answered, tally }) => {
          const base = { questionId: q.id, type: q.type, shown, answered };
          if (tally.kind === 'choice') {
            return {
              ...base,
              options: [...tally.counts].map(([optionId, count]) => ({
                optionId,
                count,
                share: answered === 0 ? 0 : round(count / answered),
              })),
            };
          }
          if (tally.kind === 'scale') {
            const sorted = [...tally.values].sort((a, b) => a - b);
            const sum = sorted.reduce((acc, v) => acc + v, 0);
            const stats = {
              ...base,
              min: sorted[0],
              max: sorted.at(-1),
              mean: sorted.length === 0 ? undefined : round(sum / sorted.length),
              median: median(sorted),
            };
            if (q.type !== 'likert') return stats;
            const distribution = Array.from({ length: q.points }, (_, i) => ({
              point: i + 1,
              count: sorted.filter((v) => v === i + 1).length,
            }));
            return { ...stats, distribution };
          }
          if (tally.kind === 'ranking') {
            return {
              ...base,
              options: [...tally.positionSums]
                .map(([optionId, sum]) => ({
                  optionId,
                  averagePosition: answered === 0 ? undefined : round(sum / answered),
                  bordaScore: tally.bordaPoints.get(optionId) ?? 0,
                }))
                .sort((a, b) => b.bordaScore - a.bordaScore),
            };
          }
          return {
            ...base,
            ...(q.type === 'location'
              ? {
                  // `answered` is shown, so one withheld neighbourhood brings a complementary one.
                  neighbourhoods: numbers.cells(
                    [...tally.neighbourhoods].map(([name, count]) => ({ name, count })),
                    (cell) => cell.count,
                    (cell) => ({ name: cell.name, count: null }),
                  ),
                }
              : {}),
          };
        }),
      };
    },
  };
}

/**
 * The small-numbers verdict on the results of one neighbourhood, judged among every neighbourhood
 * respondents shared (`respondents`: how many shared each). A neighbourhood nobody shared
 * describes no one, and its (empty) results are shown.
 */
export function neighbourhoodVerdict(
  respondents: ReadonlyMap<string, number>,
  neighbourhood: string,
  numbers: SmallNumbers,
): CellVerdict {
  const index = [...respondents.keys()].indexOf(neighbourhood);
  if (index === -1) return 'shown';
  return judgeCells([...respondents.values()], numbers.rule.minimumCellSize)[index] ?? 'shown';
}
