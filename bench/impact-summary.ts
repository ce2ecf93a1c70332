import { ulid } from 'ulidx';
import { cityScope, initiativeScope } from '../functions/impact/dynamo-ledger-store';
import type { ActivityRecord } from '../functions/impact/projections';
import { compileImpactSummaries } from '../functions/impact/published';
import { impactKeys } from '../shared/db/keys';
import { parsePeriod } from '../shared/domain/period';
import { localDate } from '../shared/domain/time-zone';
import { batchWriteAll } from './batch-write';
import { installCapacityRecorder } from './capacity';

// This module creates the SDK client on import: load it only once the environment points at DynamoDB Local.

export interface ImpactSummaryRow {
  /** Activity-ledger records in the whole table. */
  activityRecords: number;
  /** Every item in the table (the ledger plus participants' first-seen records). */
  items: number;
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
        ...impactKeys.activity(localDate(new Date(at), timeZone), eventId, 0),
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
  let activityRecords = 0;
  let items = 0;
  const run = async () => {
    const { value, usage } = await recorder.record(async () => {
      const started = performance.now();
      const result = await compileImpactSummaries(
        parsePeriod(period) as NonNullable<ReturnType<typeof parsePeriod>>,
      );
      return { result, ms: performance.now() - started };
    });
    const row: ImpactSummaryRow = {
      activityRecords,
      items,
      periodRecords: value.result.activityRecords,
      summaries: value.result.summaries,
      ms: value.ms,
      rcu: usage.rcu,
      wcu: usage.wcu,
      dynamoDbCalls: usage.calls.length,
    };
    rows.push(row);
    progress(
      `${activityRecords.toLocaleString('en')} activity records in the table: ${row.periodRecords.toLocaleString('en')} in the period, ${row.summaries} summaries in ${row.ms.toFixed(0)} ms, ${row.rcu} RCU, ${row.wcu} WCU, ${row.dynamoDbCalls} DynamoDB calls`,
    );
  };

  try {
    // First the period's 10,000 ledger records are all the activity in the table (with the
    // first-seen records of their participants, which any period's summary reads).
    const october = ledgerItems(
      periodRecords,
      new Date('2026-10-01T00:00:00Z'),
      new Date('2026-10-31T12:00:00Z'),
      7,
    );
    const seen = firstSeenItems('2026-06-01T00:00:00.000Z');
    await batchWriteAll([...october, ...seen]);
    activityRecords = october.length;
    items = october.length + seen.length;
    progress(
      `wrote ${activityRecords.toLocaleString('en')} activity records (${items.toLocaleString('en')} items)`,
    );
    await run();
    // Then two and a half years of other activity around the period, none of it inside it.
    const before = ledgerItems(
      60_000,
      new Date('2024-04-01T00:00:00Z'),
      new Date('2026-08-31T00:00:00Z'),
      11,
    );
    const after = ledgerItems(30_000, new Date('2026-11-02T00:00:00Z'), new Date('2027-03-31T00:00:00Z'), 13);
    await batchWriteAll([...before, ...after]);
    activityRecords += before.length + after.length;
    items += before.length + after.length;
    progress(
      `added other months: ${activityRecords.toLocaleString('en')} activity records (${items.toLocaleString('en')} items)`,
    );
    await run();
  } finally {
    recorder.uninstall();
  }
  return { period, participants, initiatives, rows };
}
