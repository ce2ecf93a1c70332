import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeadlinePayload, petitionDeadlines } from '../../functions/petitions/deadlines';
import { dynamoPetitionsStore } from '../../functions/petitions/dynamo-store';
import { handler } from '../../functions/petitions/handler';
import { createScheduleConsumer } from '../../functions/petitions/schedules-consumer';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import { oneTimeSchedulesFromEnvironment, resetOneTimeSchedules } from '../../shared/jobs/one-time-schedules';
import type { MailMessage } from '../../shared/mailer/port';
import { call } from '../support/api';
import { createDelivery, outboxEvents } from '../support/events';
import { startLocalOneTimeScheduler, type TestOneTimeScheduler } from '../support/one-time-scheduler';
import { publishedPetition, readPetition, usePetitionSettings } from '../support/petition-fixtures';

/**
 * A petition's deadlines through one-time schedules: the local Scheduler endpoint takes the
 * schedules the consumer makes through the real SDK client, and the test moves the clock.
 */

usePetitionSettings({ staffEmails: ['petitions@city.example'], responseDays: 30, reminderDaysBefore: 7 });

const staffMail: MailMessage[] = [];
/** What moving the clock runs: the deadline step, at the moved time. */
let movedTo = new Date();
const deadlines = petitionDeadlines(dynamoPetitionsStore, {
  mailer: {
    send: async (message) => {
      staffMail.push(message);
      return { messageId: `staff-${staffMail.length}` };
    },
  },
});

let scheduler: TestOneTimeScheduler;
let deliver: ReturnType<typeof createDelivery>;
beforeAll(async () => {
  scheduler = await startLocalOneTimeScheduler({
    jobs: ['petition-deadline'],
    invoke: (_job, payload) => deadlines.run(payload as DeadlinePayload, movedTo),
  });
  Object.assign(process.env, scheduler.env);
  resetRuntimeConfig();
  resetOneTimeSchedules();
  deliver = createDelivery(createScheduleConsumer(oneTimeSchedulesFromEnvironment));
});
afterAll(async () => {
  await scheduler.stop();
});

const day = 24 * 60 * 60 * 1000;
const eventsOf = async (petitionId: string, detailType: string) =>
  outboxEvents(
    (event) =>
      event['detail-type'] === detailType &&
      (event.detail as { petitionId: string }).petitionId === petitionId,
  );
const moveClockTo = async (at: Date) => {
  movedTo = at;
  return scheduler.fireDue(at);
};
const schedulesOf = (petitionId: string) =>
  scheduler
    .list()
    .map((schedule) => schedule.name)
    .filter((name) => name.includes(petitionId))
    .sort();

describe('a petition’s answer deadline', () => {
  it('reminds the petitions team once before it, and marks the answer overdue once after it', async () => {
    // Prepare: creator and two sponsors reach the response threshold (3) at publication
    const { petitionId } = await publishedPetition();
    await deliver(2);
    const { responseDueAt, closesAt } = await readPetition(petitionId);
    const due = new Date(responseDueAt);

    // Act
    const beforeReminder = await moveClockTo(new Date(due.getTime() - 8 * day));
    const atReminder = await moveClockTo(new Date(due.getTime() - 7 * day + 60_000));
    const reminderMails = staffMail.filter((mail) => mail.text.includes(petitionId)).length;
    const afterDeadline = await moveClockTo(new Date(due.getTime() + 60_000));
    // A second firing of the same step (Scheduler delivers at least once) changes nothing.
    await deadlines.run({ petitionId, step: 'overdue' }, new Date(due.getTime() + 120_000));
    await deadlines.run({ petitionId, step: 'remind' }, new Date(due.getTime() + 120_000));

    // Assess
    expect(new Date(closesAt).getTime()).toBeGreaterThan(due.getTime());
    expect(beforeReminder.map((schedule) => schedule.name)).not.toContain(`petition-${petitionId}-remind`);
    expect(atReminder.map((schedule) => schedule.name)).toEqual([`petition-${petitionId}-remind`]);
    expect(reminderMails).toBe(1);
    expect(afterDeadline.map((schedule) => schedule.name)).toEqual([`petition-${petitionId}-overdue`]);
    expect(staffMail.filter((mail) => mail.text.includes(petitionId))).toHaveLength(1);
    expect(await eventsOf(petitionId, 'PetitionResponseOverdue')).toHaveLength(1);
    expect(schedulesOf(petitionId)).toEqual([`petition-${petitionId}-close`]);
  });

  it('cancels the reminder and the overdue mark when the city answers in time', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    await deliver();
    const scheduledBefore = schedulesOf(petitionId);

    // Act
    const answered = await call(handler, {
      method: 'PUT',
      path: `/petitions/${petitionId}/response`,
      body: {
        text: 'The council will fund the Sunday opening from next year’s budget.',
        outcome: 'accepted',
      },
      role: 'coordinator',
    });
    await deliver(2);
    const { responseDueAt } = await readPetition(petitionId);
    await moveClockTo(new Date(new Date(responseDueAt).getTime() + day));

    // Assess
    expect(answered.status).toBe(200);
    expect(scheduledBefore).toEqual(
      ['close', 'overdue', 'remind'].map((step) => `petition-${petitionId}-${step}`),
    );
    expect(schedulesOf(petitionId)).toEqual([`petition-${petitionId}-close`]);
    expect(await eventsOf(petitionId, 'PetitionResponseOverdue')).toHaveLength(0);
  });

  it('closes the petition at its closing date, once, and refuses signatures after it', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    await deliver();
    const { closesAt } = await readPetition(petitionId);

    // Act
    const fired = await moveClockTo(new Date(new Date(closesAt).getTime() + 60_000));
    const again = await deadlines.run(
      { petitionId, step: 'close' },
      new Date(new Date(closesAt).getTime() + day),
    );
    const petition = await readPetition(petitionId);

    // Assess
    expect(fired.map((schedule) => schedule.name)).toContain(`petition-${petitionId}-close`);
    expect(again).toBe('nothing-to-do');
    expect(petition.status).toBe('closed');
    expect(await eventsOf(petitionId, 'PetitionClosed')).toHaveLength(1);
    const late = await call(handler, {
      method: 'POST',
      path: `/petitions/${petitionId}/signatures`,
      body: { name: 'Late Signer', email: 'late@example.org', neighbourhood: 'Riverside' },
    });
    expect(late.status).toBe(409);
  });
});
