import { runtimeConfig } from '../../shared/config/runtime';
import { type OneTimeSchedules, oneTimeSchedulesFromEnvironment } from '../../shared/jobs/one-time-schedules';
import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { deadlineScheduleName, schedulesFor } from './deadlines';

/** The once-job every petition schedule invokes (`petition-deadline` in `api.ts`). */
export const deadlineJobName = 'petition-deadline';

/**
 * The `petition-schedules` consumer: turns the events that set a petition's dates into one-time
 * schedules — its closing date when published, the reminder and the overdue mark when `response`
 * is reached — and cancels the last two when the city answers. Schedule names are one per
 * petition and step, so a redelivered event makes nothing new.
 */
export function createScheduleConsumer(schedules: () => OneTimeSchedules) {
  return async (event: { 'detail-type': string; detail: unknown }): Promise<void> => {
    const planned = schedulesFor(event, runtimeConfig());
    if (!planned) return;
    for (const plan of planned.plans) {
      const name = deadlineScheduleName(planned.petitionId, plan.step);
      if (plan.kind === 'cancel') await schedules().cancel(name);
      else
        await schedules().scheduleOnce({
          name,
          job: deadlineJobName,
          at: plan.at,
          payload: { petitionId: planned.petitionId, step: plan.step },
        });
    }
  };
}

/** The deployed consumer: EventBridge Scheduler in the cloud, the local Scheduler endpoint under `npm start`. */
export const handler = createEventConsumer(createScheduleConsumer(oneTimeSchedulesFromEnvironment));
