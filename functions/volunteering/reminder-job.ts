import { runtimeConfig } from '../../shared/config/runtime';
import type { SeatedKind } from '../../shared/db/keys';
import { resolveInstantJobInput } from '../../shared/jobs/job-input';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import type { Mailer } from '../../shared/mailer/port';
import { logger } from '../../shared/observability/powertools';
import { dynamoVolunteeringStore } from './dynamo-store';
import { mailOnce } from './mail-consumer';
import type { StoredClaim, VolunteeringStore } from './store';

const kinds: readonly SeatedKind[] = ['shift', 'training'];

export interface ReminderRun {
  /** Activities starting within the lead time. */
  activities: number;
  /** Reminders sent by this run. */
  sent: number;
  /** Confirmed people already reminded by an earlier run. */
  alreadySent: number;
}

async function confirmedClaims(store: VolunteeringStore, kind: SeatedKind, activityId: string) {
  const claims: StoredClaim[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listRoster(kind, activityId, 'confirmed', { limit: 100, cursor });
    claims.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return claims;
}

/**
 * Reminds every confirmed volunteer of a shift (or session) that starts within the lead time
 * (`SHIFT_REMINDER_LEAD_MINUTES`, 24 h by default). Safe to run every 15 minutes: each reminder is
 * marked once, so overlapping windows and re-runs send nothing twice; a shift is found through the
 * start-day index, so a run reads only the days its window touches.
 */
export function createReminderJob(deps: {
  mailer: Mailer;
  store?: VolunteeringStore;
  clock?: () => Date;
  leadMinutes?: number;
}) {
  const store = deps.store ?? dynamoVolunteeringStore;
  return async (input: unknown): Promise<ReminderRun> => {
    const now =
      input && typeof input === 'object' && 'now' in input
        ? resolveInstantJobInput(input).now
        : (deps.clock ?? (() => new Date()))();
    const config = runtimeConfig();
    const lead = deps.leadMinutes ?? config.SHIFT_REMINDER_LEAD_MINUTES;
    const until = new Date(now.getTime() + lead * 60_000);
    const run: ReminderRun = { activities: 0, sent: 0, alreadySent: 0 };
    const failures: unknown[] = [];
    for (const kind of kinds) {
      const activities = await store.activitiesStartingBetween(
        kind,
        now.toISOString(),
        until.toISOString(),
        config.TIME_ZONE,
      );
      run.activities += activities.length;
      for (const activity of activities) {
        for (const claim of await confirmedClaims(store, kind, activity.activityId)) {
          try {
            if (await mailOnce(store, deps.mailer, claim, 'reminder', 'reminder')) run.sent++;
            else run.alreadySent++;
          } catch (error) {
            // One undeliverable address must not keep the others from their reminders.
            failures.push(error);
          }
        }
      }
    }
    logger.info('Reminders run', { ...run, failed: failures.length });
    if (failures.length > 0)
      throw new AggregateError(
        failures,
        `${failures.length} reminders could not be sent; a retry sends them.`,
      );
    return run;
  };
}

/** The scheduled job (`shift-reminders` in `functions/scheduled-jobs.ts`), input `{ now }`. */
export const handler = createReminderJob({
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});
