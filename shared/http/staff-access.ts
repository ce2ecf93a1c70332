import type { RouteAuth } from './route';

/**
 * The one table of who may call a staff route, used by every context's declarations (so the same
 * kind of route has the same rule everywhere; `admin` is always allowed on top):
 * - `manage`: programme work that changes things — create, edit, moderate, review, record.
 * - `read`: what staff read to report and plan — programmes, partners, results, summaries.
 *   Analysts read everything coordinators read, except what `personalData` keeps apart.
 * - `personalData`: residents' contact details and the queues of their submissions (rosters,
 *   volunteer profiles, suggestions awaiting review): the people who act on them, not reporting.
 * - `administer`: configuration and mail to staff (digest subscriptions and previews).
 * `test/integration/staff-access.test.ts` checks every route against these rules.
 */
export const staffAccess = {
  manage: { roles: ['coordinator'] },
  read: { roles: ['coordinator', 'analyst'] },
  personalData: { roles: ['coordinator'] },
  administer: { roles: ['admin'] },
} as const satisfies Record<string, RouteAuth>;

export type StaffAccessRule = keyof typeof staffAccess;
