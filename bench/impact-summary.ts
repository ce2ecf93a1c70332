import { ulid } from 'ulidx';
import { cityScope, initiativeScope, localDay } from '../functions/impact/ledger';
import type { ActivityRecord } from '../functions/impact/projections';
import { compileImpactSummaries } from '../functions/impact/summary';
import { impactKeys } from '../shared/db/keys';
import { parsePeriod } from '../shared/domain/period';
import { batchWriteAll } from './batch-write';
import { installCapacityRecorder } from './capacity';

// This module creates the SDK client on import: load it only once the environment points at DynamoDB Local.

export interface ImpactSummaryRow {
  tableRecords: number;
  periodRecords: number;
  summaries: number;
  ms: number;
  rcu: number;
  wcu: number;
  dynamoDbCalls: number;
}

export interface ImpactSummaryResult {
  period: string;
  participants: number;
  initiatives: number;
  rows: ImpactSummaryRow[];
}

const period = '2026-10';
const periodRecords = 10_000;
const participants = 2_500;
const initiatives = 20;
const kinds: ActivityRecord['kind'][] = [
  'contribution',
  'vote',
  'vote',
  'survey-response',
  'volunteer-signup',
  'feedback',
];

/**
 * The `impact-summary` job over a month with 10,000 ledger records, run once when they are the
 * whole table and again after 90,000 records of other months (and their participants) are added:
 * if the job reads only its period, the two runs cost the same.
 */
export async function measureImpactSummary(
  options: { onProgress?: (message: string) => void } = {},
): Promise<ImpactSummaryResult> {
  const progress = options.onProgress ?? (() => {});
  const timeZone = process.env.TIME_ZONE ?? 'UTC';
  const initiativeIds = Array.from({ length: initiatives }, () => ulid());
  const hashes = Array.from({ length: participants }, (_, index) => `bench-participant-${index}`);

  /** Ledger records (and first-seen items) spread over the days from `from` to `to`, in the ledger's own item shape. */
  const ledgerItems = (count: number, from: Date, to: Date, seed: number) => {
    const items: Record<string, unknown>[] = [];
    let state = seed;
    const next = () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const span = to.getTime() - from.getTime();
    for (let i = 0; i < count; i++) {
      const at = new Date(from.getTime() + Math.floor(next() * span)).toISOString();
      const eventId = ulid();
      const kind = kinds[Math.floor(next() * kinds.length)] as ActivityRecord['kind'];
      const initiativeId = initiativeIds[Math.floor(next() * initiatives)] as string;
      const participantHash =
        kind === 'survey-response' ? undefined : hashes[Math.floor(next() * participants)];
      items.push({
        ...impactKeys.activity(localDay(new Date(at), timeZone), eventId, 0),
        type: 'Activity',
        eventId,
        kind,
        at,
        initiativeId,
        ...(participantHash ? { participantHash } : {}),
        ...(kind === 'survey-response'
          ? { complete: next() < 0.7, neighbourhood: `N${Math.floor(next() * 8)}` }
          : {}),
        ...(kind === 'feedback' ? { quantity: 1 + Math.floor(next() * 5) } : {}),
      });
    }
    return items;
  };
  const firstSeenItems = (since: string) =>
    hashes.flatMap((hash) =>
      [cityScope, ...initiativeIds.slice(0, 3).map(initiativeScope)].map((scope) => ({
        ...impactKeys.participantFirstSeen(hash, scope),
        type: 'ParticipantFirstSeen',
        firstSeenAt: since,
      })),
    );

  const recorder = installCapacityRecorder();
  const rows: ImpactSummaryRow[] = [];
  let tableRecords = 0;
  const run = async () => {
    const { value, usage } = await recorder.record(async () => {
      const started = performance.now();
      const result = await compileImpactSummaries(
        parsePeriod(period) as NonNullable<ReturnType<typeof parsePeriod>>,
      );
      return { result, ms: performance.now() - started };
    });
    const row: ImpactSummaryRow = {
      tableRecords,
      periodRecords: value.result.activityRecords,
      summaries: value.result.summaries,
      ms: value.ms,
      rcu: usage.rcu,
      wcu: usage.wcu,
      dynamoDbCalls: usage.calls.length,
    };
    rows.push(row);
    progress(
      `table of ${tableRecords.toLocaleString('en')} records: ${row.periodRecords.toLocaleString('en')} in the period, ${row.summaries} summaries in ${row.ms.toFixed(0)} ms, ${row.rcu} RCU, ${row.wcu} WCU, ${row.dynamoDbCalls} DynamoDB calls`,
    );
  };

  try {
    const october = ledgerItems(
      periodRecords,
      new Date('2026-10-01T00:00:00Z'),
      new Date('2026-10-31T12:00:00Z'),
      7,
    );
    const seen = firstSeenItems('2026-06-01T00:00:00.000Z');
    await batchWriteAll([...october, ...seen]);
    tableRecords = october.length + seen.length;
    progress(`wrote ${tableRecords.toLocaleString('en')} records (October's ledger and first-seen items)`);
    await run();
    // Two and a half years of other activity around the period, none of it inside it.
    const before = ledgerItems(
      60_000,
      new Date('2024-04-01T00:00:00Z'),
      new Date('2026-08-31T00:00:00Z'),
      11,
    );
    const after = ledgerItems(
      100_000 - tableRecords - before.length,
      new Date('2026-11-02T00:00:00Z'),
      new Date('2027-03-31T00:00:00Z'),
      13,
    );
    await batchWriteAll([...before, ...after]);
    tableRecords += before.length + after.length;
    progress(`added other months: ${tableRecords.toLocaleString('en')} records in the table`);
    await run();
  } finally {
    recorder.uninstall();
  }
  return { period, participants, initiatives, rows };
}
