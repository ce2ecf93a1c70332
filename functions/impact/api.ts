import { ConsentWithdrawn } from '../../events/privacy';
import type { Period } from '../../shared/domain/period';
import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import { ledgerEventPattern } from './projections';
import {
  type CompileResult,
  impactPersonalData,
  type SummaryAsShown,
  summary,
  summaryParams,
  summaryQuery,
} from './schemas';

export type { Change, Figures, MetricName } from './figures';
export type { IndicatorStatus } from './indicators';
export type { CompileResult, ImpactSummary, SummaryAsShown } from './schemas';

/** The route contracts; what each does is bound in `handler.ts`. */
export const impactRoutes = [
  defineRoute({
    operationId: 'getImpactSummary',
    method: 'GET',
    path: '/impact/summaries/{period}',
    summary: 'The impact summary compiled for a period, city-wide or for one initiative',
    description:
      'Compiled by the `impact-summary` job (weekly and monthly on schedule; `npx civic job impact-summary --period …` locally). Every figure comes with its change from the previous period. 404 until the job has run for the period. Small numbers stay private: for anyone but an admin, a representativeness group of fewer participants than the minimum cell size (deploy config `privacy.minimumCellSize`, 5), and the next-smallest when it is the only one, has its figures null (`suppressed: true`) and the table’s index is null; admins see them flagged `belowMinimum`; `suppression` says what was withheld or flagged. `channels` gives participation per channel (web, paper, phone…) and `representativenessByChannel` who each channel reached, its small numbers judged together with the city-wide table so no difference of shown cells gives a withheld one away.',
    tag: 'impact',
    auth: staffAccess.read,
    request: { params: summaryParams, query: summaryQuery },
    response: { status: 200, description: 'The summary.', schema: summary },
    errors: [404],
  }),
];

/**
 * What impact publishes to other contexts (`published.ts`): the digest is written from a
 * period's stored summaries, and compiles them when the summary job has not run yet.
 */
export interface ImpactPublished {
  /**
   * Every stored summary of a period, the city's and each initiative's, as anyone but an admin may
   * see them (small numbers withheld: `shared/domain/small-numbers.ts`).
   */
  summariesOfPeriod(period: string): Promise<SummaryAsShown[]>;
  /** Compiles and stores every summary of a period, as the `impact-summary` job does. */
  compileImpactSummaries(period: Period): Promise<CompileResult>;
}

/**
 * Impact: the HTTP function serving stored summaries (`handler.ts`), the consumer keeping the
 * activity ledger (`ledger-consumer.ts`), the consumer applying withdrawn consents to it
 * (`consent-consumer.ts`) and the job compiling the summaries (`summary-job.ts`).
 */
export const impact: ContextDeclaration = {
  name: 'impact',
  personalData: impactPersonalData,
  http: [{ name: 'impact', entry: 'functions/impact/handler.ts', routes: impactRoutes, tableAccess: 'read' }],
  consumers: [
    {
      name: 'activity-ledger',
      entry: 'functions/impact/ledger-consumer.ts',
      // Exactly the events the ledger projects (functions/impact/projections.ts), so a new
      // projection is routed here without a second list to keep in step.
      eventPattern: ledgerEventPattern(),
      tableAccess: 'readWrite',
    },
    {
      name: 'impact-consent',
      entry: 'functions/impact/consent-consumer.ts',
      // A withdrawn consent to share demographics removes them from the person's activity records.
      eventPattern: {
        source: [ConsentWithdrawn.source],
        'detail-type': [ConsentWithdrawn.detailType],
        detail: { purpose: ['demographics'] },
      },
      tableAccess: 'readWrite',
    },
  ],
  jobs: [
    {
      name: 'impact-summary',
      description: 'Compiles the impact summaries of the week or month that has just ended',
      entry: 'functions/impact/summary-job.ts',
      input: 'period',
      tableAccess: 'readWrite',
      publishedFrom: {
        participation: 'read',
        volunteering: 'read',
        partnerships: 'read',
        evaluation: 'read',
      },
      schedules: [
        // Early Monday for the ISO week just ended; the 1st of the month for the month just ended.
        { cron: '0 5 ? * MON *', period: 'week' },
        { cron: '0 5 1 * ? *', period: 'month' },
      ],
    },
  ],
};
