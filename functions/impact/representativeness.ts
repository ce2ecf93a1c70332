/**
 * How far the people who took part are from the people who live in the city.
 *
 * For one dimension (neighbourhood or age band) with groups g, participant shares pᵍ come from
 * the participants who shared that detail, and population shares qᵍ from the city's baseline
 * (deploy config `population`). Then:
 *
 * - representation ratio rᵍ = pᵍ ÷ qᵍ (1 = as many as the population would predict, 0.5 = half);
 * - representativeness index = 1 − ½ Σ |pᵍ − qᵍ|: one minus the dissimilarity (total variation)
 *   between the two distributions, from 0 (entirely different) to 1 (a mirror of the city).
 *   ½ Σ |pᵍ − qᵍ| is the share of participants who would have to come from other groups for
 *   participation to mirror the population.
 * - under-represented groups: rᵍ below `underRepresentedBelow` (0.8), most under-represented first.
 *
 * Participants in groups the baseline does not list count in `unmatched` and in no share.
 */

import { type CellVerdict, judgeCells, type SmallNumbers } from '../../shared/domain/small-numbers';

export const underRepresentedBelow = 0.8;

export interface GroupShare {
  group: string;
  participants: number;
  participantShare: number;
  populationShare: number;
  ratio: number;
}

export interface Representativeness {
  /** Participants who shared this detail and belong to a group of the baseline. */
  participants: number;
  unmatched: number;
  /** null when nobody shared this detail in the period, or the baseline is empty. */
  index: number | null;
  groups: GroupShare[];
  underRepresented: { group: string; ratio: number }[];
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

export function representativeness(
  groupOfEachParticipant: readonly string[],
  population: Readonly<Record<string, number>>,
): Representativeness {
  const populationTotal = Object.values(population).reduce((sum, count) => sum + count, 0);
  const counts = new Map<string, number>();
  let unmatched = 0;
  for (const group of groupOfEachParticipant) {
    if ((population[group] ?? 0) > 0) counts.set(group, (counts.get(group) ?? 0) + 1);
    else unmatched++;
  }
  const matched = groupOfEachParticipant.length - unmatched;
  if (matched === 0 || populationTotal === 0)
    return { participants: matched, unmatched, index: null, groups: [], underRepresented: [] };

  const groups = Object.entries(population)
    .filter(([, count]) => count > 0)
    .map(([group, count]) => {
      const participants = counts.get(group) ?? 0;
      const participantShare = participants / matched;
      const populationShare = count / populationTotal;
      return {
        group,
        participants,
        participantShare,
        populationShare,
        ratio: participantShare / populationShare,
      };
    })
    .sort((a, b) => a.group.localeCompare(b.group));
  const dissimilarity =
    groups.reduce((sum, g) => sum + Math.abs(g.participantShare - g.populationShare), 0) / 2;
  return {
    participants: matched,
    unmatched,
    index: round(1 - dissimilarity),
    groups: groups.map((g) => ({
      ...g,
      participantShare: round(g.participantShare),
      populationShare: round(g.populationShare),
      ratio: round(g.ratio),
    })),
    underRepresented: groups
      .filter((g) => g.ratio < underRepresentedBelow)
      .sort((a, b) => a.ratio - b.ratio || a.group.localeCompare(b.group))
      .map((g) => ({ group: g.group, ratio: round(g.ratio) })),
  };
}

/** A group as a reader sees it: withheld (`suppressed`), flagged for admins, or whole. */
export type GroupShareAsShown =
  | GroupShare
  | (GroupShare & { belowMinimum: true })
  | {
      group: string;
      participants: null;
      participantShare: null;
      populationShare: number;
      ratio: null;
      suppressed: true;
    };

export interface RepresentativenessAsShown extends Omit<Representativeness, 'unmatched' | 'groups'> {
  unmatched: number | null;
  groups: GroupShareAsShown[];
}

/**
 * One table through the small-numbers rule. The groups are one breakdown whose total
 * (`participants`) is shown, so a lone small group takes the next-smallest with it. For anyone
 * but an admin, a withheld group's count, share and ratio are null (the population share is the
 * city's own statistic and stays); the index is null too, since with the population shares it
 * would let the withheld counts be solved for; withheld groups are not listed as under-represented
 * (being listed bounds the count); and fewer `unmatched` participants than the minimum are null.
 * A table that is one row of a wider breakdown (one channel's) takes the verdicts judged across
 * the whole breakdown (`channels.ts`) instead of judging its groups alone.
 */
export function representativenessAsShown(
  table: Representativeness,
  numbers: SmallNumbers,
  verdictOf?: (group: string) => CellVerdict,
): RepresentativenessAsShown {
  const minimum = numbers.rule.minimumCellSize;
  const verdicts = verdictOf
    ? table.groups.map((g) => verdictOf(g.group))
    : judgeCells(
        table.groups.map((g) => g.participants),
        minimum,
      );
  const groups = table.groups.map((g, index) =>
    numbers.one(g, verdicts[index] ?? 'shown', (withheld) => ({
      group: withheld.group,
      participants: null,
      participantShare: null,
      populationShare: withheld.populationShare,
      ratio: null,
    })),
  );
  const unmatched = numbers.one(
    { count: table.unmatched as number | null },
    table.unmatched > 0 && table.unmatched < minimum ? 'below-minimum' : 'shown',
    () => ({ count: null }),
  ).count;
  const withheld = new Set(groups.flatMap((g) => ('suppressed' in g ? [g.group] : [])));
  return {
    participants: table.participants,
    unmatched,
    index: withheld.size > 0 ? null : table.index,
    groups,
    underRepresented: table.underRepresented.filter((g) => !withheld.has(g.group)),
  };
}
