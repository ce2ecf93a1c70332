import { runtimeConfig } from '../../shared/config/runtime';
import { NotFoundError } from '../../shared/domain/errors';
import { type Period, type PeriodRange, periodRange, previousPeriod } from '../../shared/domain/period';
import {
  judgeCells,
  type SmallNumbers,
  type SmallNumbersRule,
  smallNumbers,
} from '../../shared/domain/small-numbers';
import {
  type ChannelRepresentation,
  channelCellVerdicts,
  channelOf,
  channelsUsed,
  participationByChannel,
} from './channels';
import type { ActivePartnership, ImpactSources, ShiftSeats } from './facts';
import { compareFigures, computeFigures, type Figures } from './figures';
import { indicatorStatuses } from './indicators';
import { type ActivityRecord, localDaysBetween } from './ledger';
import {
  type Representativeness,
  type RepresentativenessAsShown,
  representativeness,
  representativenessAsShown,
} from './representativeness';
import type { CompileResult, ImpactSummary, SummaryAsShown } from './schemas';
import type { LedgerStore, SummaryStore } from './store';

export type { CompileResult, ImpactSummary, SummaryAsShown } from './schemas';

/**
 * Compiles the impact summaries of one period: one for the city and one per initiative that had
 * activity in the period or the one before it, or has indicators to report. Everything is read
 * from the two periods' ledger days and the other contexts' published reads (`facts.ts`); nothing
 * scans the table, and the same data always gives the same summary (only `compiledAt` differs
 * between runs).
 */

interface PeriodData {
  range: PeriodRange;
  records: ActivityRecord[];
  shiftSeats: ShiftSeats[];
  partnerships: ActivePartnership[];
}

function uniqueByEvent(records: readonly ActivityRecord[]): ActivityRecord[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    const key = `${record.eventId}#${record.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function representation(records: readonly ActivityRecord[]) {
  const { neighbourhoods, ageBands } = runtimeConfig().POPULATION_BASELINE;
  const shared = (pick: (r: ActivityRecord) => string | undefined) =>
    records.flatMap((r) => {
      const group = pick(r);
      return group === undefined ? [] : [group];
    });
  return {
    neighbourhood: representativeness(
      shared((r) => r.neighbourhood),
      neighbourhoods,
    ),
    ageBand: representativeness(
      shared((r) => r.ageBand),
      ageBands,
    ),
  };
}

/** Representativeness of the people each channel reached: one pair of tables per channel used. */
function representationByChannel(records: readonly ActivityRecord[]) {
  return channelsUsed(records).map((channel) => ({
    channel,
    ...representation(records.filter((record) => channelOf(record) === channel)),
  }));
}

/**
 * The per-channel tables of one dimension through the small-numbers rule, judged as one breakdown
 * with the city-wide table (its groups are the columns' totals), so no sum or difference of shown
 * cells gives a withheld one away.
 */
function byChannelAsShown(
  tables: readonly ChannelRepresentation<Representativeness>[],
  overall: { neighbourhood: Representativeness; ageBand: Representativeness },
  numbers: SmallNumbers,
): ChannelRepresentation<RepresentativenessAsShown>[] {
  const minimum = numbers.rule.minimumCellSize;
  const dimension = (name: 'neighbourhood' | 'ageBand') => {
    const groups = overall[name].groups;
    const overallVerdicts = judgeCells(
      groups.map((g) => g.participants),
      minimum,
    );
    const withheld = new Set(
      groups.filter((_, index) => overallVerdicts[index] !== 'shown').map((g) => g.group),
    );
    const verdicts = channelCellVerdicts(
      tables.map((table) => table[name]),
      withheld,
      minimum,
    );
    return tables.map((table, index) => representativenessAsShown(table[name], numbers, verdicts[index]));
  };
  const neighbourhood = dimension('neighbourhood');
  const ageBand = dimension('ageBand');
  return tables.map((table, index) => ({
    channel: table.channel,
    neighbourhood: neighbourhood[index] as RepresentativenessAsShown,
    ageBand: ageBand[index] as RepresentativenessAsShown,
  }));
}

/**
 * A summary as a reader sees it: its representativeness tables (the only figures broken down by
 * area or age band), city-wide and per channel, through the small-numbers rule, with a
 * `suppression` note when it withheld or flagged a group. Stored summaries keep every group: the
 * rule depends on who reads.
 */
export function summaryAsShown(summary: ImpactSummary, rule: SmallNumbersRule): SummaryAsShown {
  const numbers = smallNumbers(rule);
  const { representativenessByChannel: byChannel, ...rest } = summary;
  const shown: SummaryAsShown = {
    ...rest,
    representativeness: {
      neighbourhood: representativenessAsShown(summary.representativeness.neighbourhood, numbers),
      ageBand: representativenessAsShown(summary.representativeness.ageBand, numbers),
    },
    ...(byChannel
      ? { representativenessByChannel: byChannelAsShown(byChannel, summary.representativeness, numbers) }
      : {}),
  };
  const suppression = numbers.note();
  return suppression ? { ...shown, suppression } : shown;
}

/** Reading the stored summaries: what the impact route serves and the digest is written from. */
export function summaryReads(summaries: Pick<SummaryStore, 'getSummary' | 'summariesOfPeriod'>) {
  const minimumCellSize = () => runtimeConfig().MINIMUM_CELL_SIZE;
  return {
    /** The summary of one period, city-wide or for one initiative, as `reader` may see it; not found until compiled. */
    async storedSummary(
      period: string,
      initiativeId: string | undefined,
      reader: { admin: boolean },
    ): Promise<SummaryAsShown> {
      const found = await summaries.getSummary(period, initiativeId);
      if (!found)
        throw new NotFoundError(
          initiativeId
            ? 'No summary for this initiative in this period: the job has not run for it, or the initiative had nothing to report.'
            : 'No summary for this period yet: run the impact-summary job for it.',
        );
      return summaryAsShown(found, { minimumCellSize: minimumCellSize(), admin: reader.admin });
    },
    /**
     * Every stored summary of a period, the city's and each initiative's, as anyone but an admin
     * may see them: what other contexts read (the digest mails staff who need not be admins).
     */
    summariesOfPeriod: async (period: string): Promise<SummaryAsShown[]> =>
      (await summaries.summariesOfPeriod(period)).map((summary) =>
        summaryAsShown(summary, { minimumCellSize: minimumCellSize(), admin: false }),
      ),
  };
}

/** What compiling needs: the ledger, where summaries go, and the other contexts' reads. */
export interface SummaryCompilerDependencies {
  ledger: Pick<LedgerStore, 'activityOfDays' | 'firstSeen'>;
  summaries: Pick<SummaryStore, 'putSummary'>;
  sources: ImpactSources;
}

/** The `impact-summary` job's work. */
export function summaryCompiler({ ledger, summaries, sources }: SummaryCompilerDependencies) {
  async function readPeriod(period: Period, timeZone: string, now: Date): Promise<PeriodData> {
    const range = periodRange(period, timeZone);
    const days = localDaysBetween(range.start, range.end, timeZone);
    const [records, shiftSeats, partnerships] = await Promise.all([
      ledger.activityOfDays(days),
      sources.shiftSeatsOfDays(days),
      sources.partnershipsActiveIn(range, now),
    ]);
    return { range, records, shiftSeats, partnerships };
  }

  async function figuresOf(data: PeriodData, initiativeId: string | undefined): Promise<Figures> {
    const mine = <T extends { initiativeId?: string | undefined }>(list: readonly T[]) =>
      initiativeId === undefined ? list : list.filter((item) => item.initiativeId === initiativeId);
    // City-wide, a record fanned out to several initiatives (a partnership) must count once.
    const records = initiativeId === undefined ? uniqueByEvent(data.records) : mine(data.records);
    const hashes = [
      ...new Set(records.flatMap((r) => (r.participantHash ? [r.participantHash] : []))),
    ].sort();
    const seats = mine(data.shiftSeats);
    return computeFigures(
      records,
      {
        firstSeen: await ledger.firstSeen(hashes, initiativeId),
        shiftSeats: {
          confirmed: seats.reduce((sum, s) => sum + s.confirmed, 0),
          capacity: seats.reduce((sum, s) => sum + s.capacity, 0),
        },
        partnershipsActive: data.partnerships.filter(
          (p) => initiativeId === undefined || p.initiativeIds.includes(initiativeId),
        ).length,
      },
      data.range.start,
    );
  }

  return {
    /** Compiles and stores every summary of `period`; a re-run replaces them with the same figures. */
    async compileImpactSummaries(
      period: Period,
      options: { now?: Date; onProgress?: (message: string) => void } = {},
    ): Promise<CompileResult> {
      const now = options.now ?? new Date();
      const progress = options.onProgress ?? (() => undefined);
      const timeZone = runtimeConfig().TIME_ZONE;
      const previous = previousPeriod(period);
      const [current, before] = await Promise.all([
        readPeriod(period, timeZone, now),
        readPeriod(previous, timeZone, now),
      ]);
      progress(
        `${period.label}: ${current.records.length} activity records (${previous.label}: ${before.records.length})`,
      );

      const initiatives = new Set<string>();
      // City-wide-only activity (a petition linked to no initiative) makes no initiative summary.
      for (const list of [current.records, before.records, current.shiftSeats])
        for (const item of list) if (item.initiativeId !== undefined) initiatives.add(item.initiativeId);
      for (const p of current.partnerships) for (const id of p.initiativeIds) initiatives.add(id);

      const summarise = async (initiativeId: string | undefined): Promise<ImpactSummary> => {
        const figures = await figuresOf(current, initiativeId);
        const previousFigures = await figuresOf(before, initiativeId);
        const records = uniqueByEvent(
          initiativeId === undefined
            ? current.records
            : current.records.filter((r) => r.initiativeId === initiativeId),
        );
        return {
          period: period.label,
          previousPeriod: previous.label,
          scope: initiativeId === undefined ? 'city' : 'initiative',
          ...(initiativeId === undefined ? {} : { initiativeId }),
          timeZone,
          range: { start: current.range.start.toISOString(), end: current.range.end.toISOString() },
          figures,
          changes: compareFigures(figures, previousFigures),
          representativeness: representation(records),
          channels: participationByChannel(records),
          representativenessByChannel: representationByChannel(records),
          indicators:
            initiativeId === undefined
              ? []
              : await indicatorStatuses(initiativeId, figures, current.range, sources),
          compiledAt: now.toISOString(),
        };
      };

      const compiled = [await summarise(undefined)];
      for (const initiativeId of [...initiatives].sort()) compiled.push(await summarise(initiativeId));
      for (const summary of compiled) await summaries.putSummary(summary);
      progress(
        `${period.label}: stored ${compiled.length} summaries (city and ${compiled.length - 1} initiatives)`,
      );
      return { period: period.label, summaries: compiled.length, activityRecords: current.records.length };
    },
  };
}
