import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/volunteering/handler';
import { allItems, call } from '../support/api';
import {
  aShiftToFill,
  cancel,
  giveSeatClaimsTime,
  person,
  shiftNow,
  signUp,
} from '../support/volunteering-fixtures';

describe('seats under contention', () => {
  // About who gets a seat, not how fast (this file also runs alone: vitest.config.ts).
  giveSeatClaimsTime();

  it('confirms exactly 10 of 200 parallel sign-ups and waitlists 190 at positions 1..190; 5 parallel cancellations promote the first 5', async () => {
    // Prepare
    const shift = await aShiftToFill({ capacity: 10 });

    // Act
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => signUp(shift.shiftId, person(i))),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(201));
    const confirmed = answers.filter((a) => a.json.status === 'confirmed');
    const waitlisted = answers.filter((a) => a.json.status === 'waitlisted');
    expect(confirmed).toHaveLength(10);
    expect(waitlisted).toHaveLength(190);
    expect(waitlisted.map((a) => a.json.position).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 190 }, (_, i) => i + 1),
    );
    expect(await shiftNow(shift.shiftId)).toMatchObject({ capacity: 10, seatsLeft: 0, waiting: 190 });

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
    expect(await shiftNow(shift.shiftId)).toMatchObject({ capacity: 10, seatsLeft: 0, waiting: 185 });
    const events = items
      .filter((i) => i.type === 'OutboxEvent' && (i.detail as { shiftId: string }).shiftId === shift.shiftId)
      .map((i) => i.detailType as string);
    const count = (type: string) => events.filter((e) => e === type).length;
    expect([count('VolunteerSignedUp'), count('VolunteerWaitlisted'), count('VolunteerPromoted')]).toEqual([
      10, 190, 5,
    ]);

    const sixth = byPosition[5]?.json;
    const view = await call(handler, {
      method: 'GET',
      path: `/signups/${sixth.signupId}`,
      query: { token: sixth.cancelToken },
    });
    expect(view.json).toMatchObject({ status: 'waitlisted', position: 1 });
  }, 600_000);
});
