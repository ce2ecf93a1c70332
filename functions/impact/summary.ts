import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { runtimeConfig } from '../../shared/config/runtime';
import { documentClient } from '../../shared/db/client';
import { entityOf, getEntity, tableName } from '../../shared/db/items';
import { impactKeys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { type Period, type PeriodRange, periodRange, previousPeriod } from '../../shared/domain/period';
import {
  type ActivePartnership,
  firstSeen,
  partnershipsActiveIn,
  type ShiftSeats,
  shiftSeatsOfDays,
} from './facts';
import { compareFigures, computeFigures, type Figures, type MetricName } from './figures';
import { type IndicatorStatus, indicatorStatuses } from './indicators';
import { type ActivityRecord, activityOfDays, cityScope, initiativeScope, localDaysBetween } from './ledger';
import { type Representativeness, representativeness } from './representativeness';

/**
 * Compiles the impact summaries of one period: one for the city and one per initiative that had
 * activity in the period or the one before it, or has indicators to report. Everything is read
 * from the two periods' ledger days and the facts in `facts.ts`; nothing scans the table, and the
 * same data always gives the same summary (only `compiledAt` differs between runs).
 */

export interface ImpactSummary {
  period: string;
  previousPeriod: string;
  /** `city`, or the initiative the summary is about. */
  scope: 'city' | 'initiative';
  initiativeId?: string;
  timeZone: string;
  range: { start: string; end: string };
  figures: Figures;
  changes: ReturnType<typeof compareFigures>;
  representativeness: { neighbourhood: Representativeness; ageBand: Representativeness };
  indicators: IndicatorStatus[];
  compiledAt: string;
}

interface PeriodData {
  range: PeriodRange;
  records: ActivityRecord[];
  shiftSeats: ShiftSeats[];
  partnerships: ActivePartnership[];
}

async function readPeriod(period: Period, timeZone: string, now: Date): Promise<PeriodData> {
  const range = periodRange(period, timeZone);
  const days = localDaysBetween(range.start, range.end, timeZone);
  const [records, shiftSeats, partnerships] = await Promise.all([
    activityOfDays(days),
    shiftSeatsOfDays(days),
    partnershipsActiveIn(range, now),
  ]);
  return { range, records, shiftSeats, partnerships };
}

async function figuresOf(data: PeriodData, initiativeId: string | undefined): Promise<Figures> {
  const mine = <T extends { initiativeId: string }>(list: readonly T[]) =>
    initiativeId === undefined ? list : list.filter((item) => item.initiativeId === initiativeId);
  // City-wide, a record fanned out to several initiatives (a partnership) must count once.
  const records = initiativeId === undefined ? uniqueByEvent(data.records) : mine(data.records);
  const hashes = [...new Set(records.flatMap((r) => (r.participantHash ? [r.participantHash] : [])))].sort();
  const seats = mine(data.shiftSeats);
  return computeFigures(
    records,
    {
      firstSeen: await firstSeen(hashes, initiativeId),
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

export interface CompileResult {
  period: string;
  summaries: number;
  activityRecords: number;
}

/** Compiles and stores every summary of `period`; a re-run replaces them with the same figures. */
export async function compileImpactSummaries(
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
  for (const list of [current.records, before.records, current.shiftSeats])
    for (const item of list) initiatives.add(item.initiativeId);
  for (const p of current.partnerships) for (const id of p.initiativeIds) initiatives.add(id);

  const summarise = async (initiativeId: string | undefined): Promise<ImpactSummary> => {
    const figures = await figuresOf(current, initiativeId);
    const previousFigures = await figuresOf(before, initiativeId);
    const records =
      initiativeId === undefined
        ? current.records
        : current.records.filter((r) => r.initiativeId === initiativeId);
    return {
      period: period.label,
      previousPeriod: previous.label,
      scope: initiativeId === undefined ? 'city' : 'initiative',
      ...(initiativeId === undefined ? {} : { initiativeId }),
      timeZone,
      range: { start: current.range.start.toISOString(), end: current.range.end.toISOString() },
      figures,
      changes: compareFigures(figures, previousFigures),
      representativeness: representation(uniqueByEvent(records)),
      indicators:
        initiativeId === undefined ? [] : await indicatorStatuses(initiativeId, figures, current.range),
      compiledAt: now.toISOString(),
    };
  };

  const summaries = [await summarise(undefined)];
  for (const initiativeId of [...initiatives].sort()) summaries.push(await summarise(initiativeId));
  for (const summary of summaries) {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...impactKeys.impactSummary(
            summary.period,
            summary.initiativeId ? initiativeScope(summary.initiativeId) : cityScope,
          ),
          type: 'ImpactSummary',
          ...summary,
        },
      }),
    );
  }
  progress(
    `${period.label}: stored ${summaries.length} summaries (city and ${summaries.length - 1} initiatives)`,
  );
  return { period: period.label, summaries: summaries.length, activityRecords: current.records.length };
}

/** Every stored summary of a period: the city's and each initiative's (one query of its partition). */
export async function summariesOfPeriod(period: string): Promise<ImpactSummary[]> {
  const items = await queryAll({ partition: { pk: impactKeys.impactSummary(period, cityScope).pk } });
  return items.map((item) => entityOf<ImpactSummary>(item));
}

export function storedSummary(period: string, initiativeId: string | undefined) {
  return getEntity<ImpactSummary>(
    impactKeys.impactSummary(period, initiativeId ? initiativeScope(initiativeId) : cityScope),
  );
}

export type { MetricName };
