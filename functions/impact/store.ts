import type { ActivityRecord } from './projections';
import type { ImpactSummary } from './schemas';

/**
 * Where a participant's first appearance is kept: city-wide (`undefined`) or in one initiative.
 * New and returning participants are told apart per scope.
 */
export type Scope = string | undefined;

/**
 * The activity ledger's storage. The DynamoDB implementation (`dynamo-ledger-store.ts`) files
 * records by local day, so a period's records are one query per day of the period.
 */
export interface LedgerStore {
  /** Files one record under its local day; false when it was filed already (a redelivered event). */
  fileActivity(localDay: string, index: number, record: ActivityRecord): Promise<boolean>;
  /** Keeps the earliest instant (ISO, UTC) a participant was seen in `scope`, whatever order events arrive in. */
  keepFirstSeen(participantHash: string, scope: Scope, at: string): Promise<void>;
  /** Every record of the given local days. */
  activityOfDays(days: readonly string[]): Promise<ActivityRecord[]>;
  /** When each of these participants was first seen in `scope`; those never seen are left out. */
  firstSeen(participantHashes: readonly string[], scope: Scope): Promise<Map<string, string>>;
}

/** The compiled summaries: one per period and scope (the city, or one initiative). */
export interface SummaryStore {
  /** Stores a summary, replacing the one of its period and scope. */
  putSummary(summary: ImpactSummary): Promise<void>;
  getSummary(period: string, initiativeId: string | undefined): Promise<ImpactSummary | undefined>;
  summariesOfPeriod(period: string): Promise<ImpactSummary[]>;
}
