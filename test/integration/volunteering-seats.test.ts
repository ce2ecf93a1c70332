import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/volunteering/handler';
import { createSeatMailConsumer } from '../../functions/volunteering/mail-consumer';
import { createSeatHoldsJob } from '../../functions/volunteering/seat-holds-job';
import { checkYourEmailAnswer } from '../../shared/domain/confirmation';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { allItems, call } from '../support/api';
import { confirmationLinkIn, sentMail } from '../support/mail';
import {
  aShiftToFill,
  cancel,
  deliveredEvent,
  expectSeatsWithinCapacity,
  giveSeatClaimsTime,
  person,
  shiftNow,
  signUp,
} from '../support/volunteering-fixtures';

describe('seats under contention', () => {
  // About who gets a seat, not how fast (this file also runs alone: vitest.config.ts).
  giveSeatClaimsTime();

  it('confirms exactly 10 of 100 parallel sign-ups and waitlists 90 at positions 1..90; 5 parallel cancellations promote the first 5', async () => {
    // Prepare: ten times more people than seats (the bench measures bigger crowds' throughput)
    const crowd = 100;
    const shift = await aShiftToFill({ capacity: 10 });

    // Act
    const answers = await Promise.all(
      Array.from({ length: crowd }, (_, i) => signUp(shift.shiftId, person(i))),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Array(crowd).fill(202));
    const confirmed = answers.filter((a) => a.json.status === 'confirmed');
    const waitlisted = answers.filter((a) => a.json.status === 'waitlisted');
    expect(confirmed).toHaveLength(10);
    expect(waitlisted).toHaveLength(crowd - 10);
    expect(waitlisted.map((a) => a.json.position).sort((a, b) => a - b)).toEqual(
      Array.from({ length: crowd - 10 }, (_, i) => i + 1),
    );
    expect(await shiftNow(shift.shiftId)).toMatchObject({ capacity: 10, seatsLeft: 0, waiting: crowd - 10 });

    // Act: five confirmed volunteers cancel at once
    const byPosition = [...waitlisted].sort((a, b) => a.json.position - b.json.position);
    const cancellations = await Promise.all(
      confirmed.slice(0, 5).map((a) => cancel(a.json.signupId, a.json.cancelToken)),
    );

    // Assess
    expect(cancellations.map((c) => [c.status, c.json.promoted])).toEqual(Array(5).fill([200, true]));
    const items = await allItems();
    const signups = items.filter((item) => item.type === 'Signup' && item.activityId === shift.shiftId);
    const statusOf = (signupId: string) => signups.find((s) => s.claimId === signupId)?.status;
    expect(byPosition.slice(0, 5).map((a) => statusOf(a.json.signupId))).toEqual(Array(5).fill('confirmed'));
    expect(byPosition.slice(5).every((a) => statusOf(a.json.signupId) === 'waitlisted')).toBe(true);
    expect(signups.filter((s) => s.status === 'confirmed')).toHaveLength(10);
    expect(await shiftNow(shift.shiftId)).toMatchObject({ capacity: 10, seatsLeft: 0, waiting: crowd - 15 });
    const events = items
      .filter((i) => i.type === 'OutboxEvent' && (i.detail as { shiftId: string }).shiftId === shift.shiftId)
      .map((i) => i.detailType as string);
    const count = (type: string) => events.filter((e) => e === type).length;
    expect([count('VolunteerSignedUp'), count('VolunteerWaitlisted'), count('VolunteerPromoted')]).toEqual([
      10,
      crowd - 10,
      5,
    ]);

    const sixth = byPosition[5]?.json;
    const view = await call(handler, {
      method: 'GET',
      path: `/signups/${sixth.signupId}`,
      query: { token: sixth.cancelToken },
    });
    expect(view.json).toMatchObject({ status: 'waitlisted', position: 1 });
  }, 600_000);

  it('holds exactly 5 seats of a 5-seat email shift for 60 parallel sign-ups; unconfirmed, they pass to the next 5; 20 parallel confirmations of one link count once', async () => {
    // Prepare
    const shift = await aShiftToFill({ capacity: 5, assurance: 'email' });

    // Act
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => signUp(shift.shiftId, person(`h${i}`))),
    );

    // Assess: one answer for all, 5 holds, 55 waiting, never over capacity
    expect(new Set(answers.map((a) => `${a.status} ${a.body}`))).toEqual(
      new Set([`202 ${JSON.stringify(checkYourEmailAnswer)}`]),
    );
    expect(await expectSeatsWithinCapacity('shift', shift.shiftId)).toMatchObject({
      capacity: 5,
      held: 5,
      confirmed: 0,
      waitlisted: 55,
    });
    expect(await shiftNow(shift.shiftId)).toMatchObject({ seatsLeft: 0, waiting: 55 });
    const holdMails = (await sentMail()).filter((m) => m.subject === 'Please confirm your place');
    expect(holdMails).toHaveLength(5);

    // Act: one holder confirms; the clock passes the other holds; the job runs
    const firstHold = confirmationLinkIn(holdMails[0] as NonNullable<(typeof holdMails)[0]>);
    expect(
      (await call(handler, { method: 'POST', path: firstHold.path, body: { token: firstHold.token } }))
        .status,
    ).toBe(200);
    await expectSeatsWithinCapacity('shift', shift.shiftId);
    const run = await createSeatHoldsJob({})({ now: new Date(Date.now() + 31 * 60_000).toISOString() });

    // Assess: the 4 unconfirmed seats went to the first 4 waiting, held for them
    expect(run).toEqual({ due: 4, lapsed: 4, promoted: 4 });
    const seats = await expectSeatsWithinCapacity('shift', shift.shiftId);
    expect(seats).toMatchObject({ confirmed: 1, held: 4, expired: 4, waitlisted: 51 });
    const items = await allItems();
    const promoted = items.filter(
      (i) => i.type === 'Signup' && i.activityId === shift.shiftId && i.status === 'held',
    );
    const tickets = promoted.map((p) => p.ticket as number).sort((a, b) => a - b);
    const waitingTickets = items
      .filter((i) => i.type === 'Signup' && i.activityId === shift.shiftId && i.status === 'waitlisted')
      .map((i) => i.ticket as number);
    expect(Math.max(...tickets)).toBeLessThan(Math.min(...waitingTickets));

    // Act: the promotion mail, then 20 parallel confirmations of its link
    const consume = createSeatMailConsumer({ mailer: { send: (m) => mailerFromEnvironment().send(m) } });
    const target = promoted[0] as Record<string, unknown>;
    await consume(await deliveredEvent('VolunteerPromoted', target.claimId as string));
    const email = (target.contact as { email: string }).email;
    const link = confirmationLinkIn(
      (await sentMail(email)).at(-1) as Parameters<typeof confirmationLinkIn>[0],
    );
    const confirms = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(handler, { method: 'POST', path: link.path, body: { token: link.token } }),
      ),
    );

    // Assess
    expect(new Set(confirms.map((c) => `${c.status} ${c.body}`)).size).toBe(1);
    expect(confirms[0]?.status).toBe(200);
    expect(await expectSeatsWithinCapacity('shift', shift.shiftId)).toMatchObject({ confirmed: 2, held: 3 });
    const counted = (await allItems()).filter(
      (i) =>
        i.detailType === 'VolunteerSignedUp' && (i.detail as { shiftId: string }).shiftId === shift.shiftId,
    );
    expect(counted).toHaveLength(2);
  }, 600_000);
});
