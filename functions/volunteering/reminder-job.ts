import { runtimeConfig } from '../../shared/config/runtime';
import { resolveInstantJobInput } from '../../shared/jobs/job-input';
import { createInstantJob } from '../../shared/lambda/scheduled-job';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import type { Mailer } from '../../shared/mailer/port';
import { dynamoVolunteeringStore } from './dynamo-store';
import { type ReminderRun, seatMailing } from './seat-mail';
import type { VolunteeringStore } from './store';

export type { ReminderRun } from './seat-mail';

/**
 * The reminder run as a function of the job's input (`{ now }`, or the clock without one), for
 * tests and tools: reminds every confirmed volunteer of a shift (or session) starting within the
 * lead time (`SHIFT_REMINDER_LEAD_MINUTES`, 24 h by default), each at most once.
 */
export function createReminderJob(deps: {
  mailer: Mailer;
  store?: VolunteeringStore;
  clock?: () => Date;
  leadMinutes?: number;
}) {
  const mailing = seatMailing({ store: deps.store ?? dynamoVolunteeringStore, mailer: deps.mailer });
  return async (input: unknown): Promise<ReminderRun> => {
    const now =
      input && typeof input === 'object' && 'now' in input
        ? resolveInstantJobInput(input).now
        : (deps.clock ?? (() => new Date()))();
    return mailing.remind(now, deps.leadMinutes ?? runtimeConfig().SHIFT_REMINDER_LEAD_MINUTES);
  };
}

const reminders = seatMailing({
  store: dynamoVolunteeringStore,
  // Resolved at the first run, so importing this module needs no mail configuration.
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});

/** The scheduled job (`shift-reminders` in `api.ts`), input `{ now }`. */
export const handler = createInstantJob(({ now }) =>
  reminders.remind(now, runtimeConfig().SHIFT_REMINDER_LEAD_MINUTES),
);
