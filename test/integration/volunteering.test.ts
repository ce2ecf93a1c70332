import { describe, expect, it } from 'vitest';
import { dynamoVolunteeringStore } from '../../functions/volunteering/dynamo-store';
import { handler } from '../../functions/volunteering/handler';
import { volunteeringService } from '../../functions/volunteering/service';
import { allItems, call, countItems } from '../support/api';
import {
  anOpportunity,
  aShift,
  aShiftToFill,
  cancel,
  hoursFromNow,
  person,
  ports,
  shiftNow,
  signUp,
} from '../support/volunteering-fixtures';

const opportunities = (query: Record<string, string>) =>
  call(handler, { method: 'GET', path: '/opportunities', query });

describe('opportunities', () => {
  it('ranks opportunities by the skills they share with the ones asked, and pages through them', async () => {
    // Prepare
    const { initiativeId } = await anOpportunity({ skills: ['cooking'] });
    const make = async (title: string, skills: string[]) =>
      (
        await call(handler, {
          method: 'POST',
          path: '/opportunities',
          role: 'coordinator',
          body: { initiativeId, title: { en: title }, skills },
        })
      ).json.opportunityId as string;
    const both = await make('Food bank and first aid', ['Cooking', 'First  Aid', 'driving']);
    const aid = await make('First aid post', ['first aid']);
    await make('Bike repair', ['mechanics']);
    const driving = await make('Driving seniors', ['driving']);

    // Act
    const first = await opportunities({ skills: 'first aid,cooking, Driving', limit: '2', initiativeId });
    const second = await opportunities({
      skills: 'first aid,cooking, Driving',
      limit: '2',
      cursor: first.json.nextCursor,
      initiativeId,
    });

    // Assess
    expect(first.status).toBe(200);
    expect(first.json.items.map((o: { opportunityId: string }) => o.opportunityId)).toEqual([
      both,
      first.json.items[1].opportunityId,
    ]);
    expect(first.json.items[0].matchedSkills.sort()).toEqual(['cooking', 'driving', 'first-aid']);
    const rest = [first.json.items[1], ...second.json.items].map(
      (o: { opportunityId: string }) => o.opportunityId,
    );
    expect(rest).toHaveLength(3);
    expect(rest).toEqual(expect.arrayContaining([aid, driving]));
    expect(second.json.nextCursor).toBeUndefined();
    expect(second.json.items.every((o: { matchedSkills: string[] }) => o.matchedSkills.length === 1)).toBe(
      true,
    );
  });

  it('refuses an opportunity for an initiative that does not exist with 422 and writes nothing', async () => {
    // Prepare
    const before = await countItems();

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: '/opportunities',
      role: 'coordinator',
      body: { initiativeId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', title: { en: 'Nothing' } },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors).toEqual([
      { path: 'body.initiativeId', message: 'No initiative with this ID.' },
    ]);
    expect(await countItems()).toBe(before);
  });
});

describe('shifts', () => {
  it('lists the shifts of an opportunity by start time with capacity and seats left', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity();
    const later = await aShift(opportunityId, {
      startsAt: hoursFromNow(50),
      endsAt: hoursFromNow(52),
      capacity: 3,
    });
    const sooner = await aShift(opportunityId, {
      startsAt: hoursFromNow(26),
      endsAt: hoursFromNow(28),
      capacity: 2,
    });
    await signUp(sooner.shiftId, person('lister'));

    // Act
    const list = await call(handler, { method: 'GET', path: `/opportunities/${opportunityId}/shifts` });

    // Assess
    expect(
      list.json.items.map((s: { shiftId: string; capacity: number; seatsLeft: number }) => [
        s.shiftId,
        s.capacity,
        s.seatsLeft,
      ]),
    ).toEqual([
      [sooner.shiftId, 2, 1],
      [later.shiftId, 3, 3],
    ]);
  });

  it('refuses a start whose offset is not the time zone’s at that date', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity();

    // Act: Brussels is UTC+1 in January, not +2
    const answer = await call(handler, {
      method: 'POST',
      path: `/opportunities/${opportunityId}/shifts`,
      role: 'coordinator',
      body: {
        startsAt: '2027-01-16T09:00:00+02:00',
        endsAt: '2027-01-16T12:00:00+01:00',
        timeZone: 'Europe/Brussels',
        capacity: 4,
      },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toEqual(['body.startsAt']);
  });

  it('refuses to reduce capacity below the confirmed sign-ups with 409, and promotes the waitlist when it grows', async () => {
    // Prepare
    const shift = await aShiftToFill({ capacity: 2 });
    for (const n of [1, 2, 3, 4]) await signUp(shift.shiftId, person(`cap${n}`));
    const patch = (capacity: number) =>
      call(handler, {
        method: 'PATCH',
        path: `/shifts/${shift.shiftId}`,
        role: 'coordinator',
        body: { capacity },
      });

    // Act
    const below = await patch(1);
    const grown = await patch(3);

    // Assess
    expect(below.status).toBe(409);
    expect(below.json.reason).toBe('below-confirmed');
    expect(grown.status).toBe(200);
    expect(grown.json).toMatchObject({ capacity: 3, seatsLeft: 0, waiting: 1 });
    const signups = (await allItems()).filter((i) => i.type === 'Signup' && i.activityId === shift.shiftId);
    expect(signups.filter((s) => s.status === 'confirmed').map((s) => s.contact)).toHaveLength(3);
    expect(
      signups.find((s) => (s.contact as { email: string }).email === 'volunteercap3@example.org')?.status,
    ).toBe('confirmed');
    expect((await patch(3)).json.seatsLeft).toBe(0);
  });
});

describe('sign-ups', () => {
  it('confirms while seats remain, then waitlists with a position', async () => {
    // Prepare
    const shift = await aShiftToFill({ capacity: 1 });

    // Act
    const first = await signUp(shift.shiftId, person('a'));
    const second = await signUp(shift.shiftId, person('b'));
    const third = await signUp(shift.shiftId, person('c'));

    // Assess
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ shiftId: shift.shiftId, status: 'confirmed' });
    expect(first.json.position).toBeUndefined();
    expect([second.json.status, second.json.position, third.json.position]).toEqual(['waitlisted', 1, 2]);
    expect(await shiftNow(shift.shiftId)).toMatchObject({ seatsLeft: 0, waiting: 2 });
    const events = (await allItems())
      .filter((i) => i.type === 'OutboxEvent' && (i.detail as { shiftId?: string }).shiftId === shift.shiftId)
      .map((i) => i.detailType);
    expect(events.filter((t) => t === 'VolunteerSignedUp')).toHaveLength(1);
    expect(events.filter((t) => t === 'VolunteerWaitlisted')).toHaveLength(2);
  });

  it('answers a retry with the same Idempotency-Key with the first answer, less its cancel token, and writes nothing more', async () => {
    // Prepare
    const shift = await aShiftToFill({ capacity: 5 });
    const headers = { 'Idempotency-Key': 'signup-retry-0001' };
    const first = await signUp(shift.shiftId, person('retry'), headers);
    const before = await countItems();

    // Act
    const retried = await signUp(shift.shiftId, person('retry'), headers);

    // Assess
    expect(retried.status).toBe(202);
    // The cancel token and link are capabilities: given once, never kept in the idempotency record.
    const { cancelToken, cancelUrl, ...kept } = first.json;
    expect(cancelToken).toEqual(expect.any(String));
    expect(cancelUrl).toEqual(expect.any(String));
    expect(retried.json).toEqual(kept);
    expect(await countItems()).toBe(before);
    expect(await shiftNow(shift.shiftId)).toMatchObject({ seatsLeft: 4 });
  });

  it('refuses the same person twice for a shift with 409, whatever the case of the email', async () => {
    // Prepare
    const shift = await aShiftToFill();
    await signUp(shift.shiftId, person('twice'));

    // Act
    const again = await signUp(shift.shiftId, { ...person('twice'), email: '  VOLUNTEERtwice@Example.org ' });

    // Assess
    expect(again.status).toBe(409);
    expect(again.json.reason).toBe('already-signed-up');
    expect(await shiftNow(shift.shiftId)).toMatchObject({ seatsLeft: 9 });
  });

  it('refuses a shift overlapping one the person already holds with 409, and accepts one right after it', async () => {
    // Prepare: 09:00–13:00 Brussels time on 2027-02-06
    const { opportunityId } = await anOpportunity();
    const morning = await aShift(opportunityId, {
      startsAt: '2027-02-06T09:00:00+01:00',
      endsAt: '2027-02-06T13:00:00+01:00',
    });
    const overlapping = await aShift(opportunityId, {
      startsAt: '2027-02-06T11:30:00Z',
      endsAt: '2027-02-06T14:00:00Z',
    });
    const afterwards = await aShift(opportunityId, {
      startsAt: '2027-02-06T12:00:00Z',
      endsAt: '2027-02-06T15:00:00Z',
    });
    await signUp(morning.shiftId, person('busy'));

    // Act
    const clash = await signUp(overlapping.shiftId, person('busy'));
    const next = await signUp(afterwards.shiftId, person('busy'));

    // Assess
    expect(clash.status).toBe(409);
    expect(clash.json.reason).toBe('overlapping-commitment');
    expect(next.status).toBe(202);
  });

  it('refuses one of two parallel sign-ups of one person to overlapping shifts', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity();
    const a = await aShift(opportunityId, { startsAt: hoursFromNow(30), endsAt: hoursFromNow(33) });
    const b = await aShift(opportunityId, { startsAt: hoursFromNow(31), endsAt: hoursFromNow(34) });

    // Act
    const answers = await Promise.all([
      signUp(a.shiftId, person('racer')),
      signUp(b.shiftId, person('racer')),
    ]);

    // Assess
    expect(answers.map((x) => x.status).sort()).toEqual([202, 409]);
  });

  it('asks for the minimum age to be confirmed when the opportunity has one', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity({ minimumAge: 16 });
    const shift = await aShift(opportunityId);

    // Act
    const unconfirmed = await signUp(shift.shiftId, person('young'));
    const confirmed = await signUp(shift.shiftId, { ...person('young'), confirmsMinimumAge: true });

    // Assess
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.json.errors[0].path).toBe('body.confirmsMinimumAge');
    expect(confirmed.status).toBe(202);
  });

  it('refuses sign-ups once the shift has started with 409', async () => {
    // Prepare
    const shift = await aShiftToFill({ startsAt: hoursFromNow(-1), endsAt: hoursFromNow(2) });

    // Act
    const late = await signUp(shift.shiftId, person('late'));

    // Assess
    expect(late.status).toBe(409);
    expect(late.json.reason).toBe('already-started');
  });

  it('takes a plain HTML form post and redirects to the thank-you page', async () => {
    // Prepare
    const shift = await aShiftToFill();

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/shifts/${shift.shiftId}/signups`,
      rawBody:
        'name=Ana+Lima&email=ana%40example.org&skills=Gardening&skills=first+aid&consentToContact=on&_redirect=https%3A%2F%2Fwww.example.gov%2Fthanks',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('https://www.example.gov/thanks');
    const signup = (await allItems()).find((i) => i.type === 'Signup' && i.activityId === shift.shiftId);
    expect(signup).toMatchObject({ skills: ['gardening', 'first-aid'], contact: { consentToContact: true } });
  });

  it('never shows contact details on public routes', async () => {
    // Prepare
    const shift = await aShiftToFill();
    const signup = await signUp(shift.shiftId, { ...person('private'), phone: '+32 470 12 34 56' });

    // Act
    const answers = [
      signup,
      await call(handler, { method: 'GET', path: `/shifts/${shift.shiftId}` }),
      await call(handler, {
        method: 'GET',
        path: `/signups/${signup.json.signupId}`,
        query: { token: signup.json.cancelToken },
      }),
    ];

    // Assess
    for (const answer of answers) {
      expect(answer.body).not.toContain('volunteerprivate');
      expect(answer.body).not.toContain('470');
      expect(answer.body).not.toContain('Volunteer private');
    }
  });
});

describe('cancellation', () => {
  it('needs the right cancel token: a wrong one is 404, the header works, a second cancellation is 409', async () => {
    // Prepare
    const shift = await aShiftToFill({ capacity: 1 });
    const held = await signUp(shift.shiftId, person('holder'));
    const waiting = await signUp(shift.shiftId, person('waiter'));

    // Act
    const wrong = await cancel(held.json.signupId, 'not-the-token-at-all-0123456789');
    const missing = await call(handler, { method: 'DELETE', path: `/signups/${held.json.signupId}` });
    const right = await call(handler, {
      method: 'DELETE',
      path: `/signups/${held.json.signupId}`,
      headers: { 'X-Cancel-Token': held.json.cancelToken },
    });
    const again = await cancel(held.json.signupId, held.json.cancelToken);

    // Assess
    expect([wrong.status, missing.status]).toEqual([404, 404]);
    expect(right.status).toBe(200);
    expect(right.json).toMatchObject({ status: 'cancelled', promoted: true });
    expect(again.status).toBe(409);
    const promoted = await call(handler, {
      method: 'GET',
      path: `/signups/${waiting.json.signupId}`,
      query: { token: waiting.json.cancelToken },
    });
    expect(promoted.json.status).toBe('confirmed');
    expect(await shiftNow(shift.shiftId)).toMatchObject({ seatsLeft: 0, waiting: 0 });
  });

  it('leaves cancelling a shift that has begun to its coordinator', async () => {
    // Prepare
    const shift = await aShiftToFill({ capacity: 2 });
    const held = await signUp(shift.shiftId, person('begun'));
    const duringShift = volunteeringService(
      dynamoVolunteeringStore,
      () => new Date(Date.parse(shift.startsAt) + 60_000),
      ports,
    );

    // Act
    const refused = await duringShift
      .cancelSignup(held.json.signupId, held.json.cancelToken)
      .catch((e: Error) => e);
    const byStaff = await duringShift.cancelSignupAsStaff(held.json.signupId);

    // Assess
    expect(refused).toMatchObject({ name: 'ConflictError', reason: 'already-started' });
    expect(byStaff.status).toBe('cancelled');
  });

  it('lets a coordinator cancel without a token, and nobody else', async () => {
    // Prepare
    const shift = await aShiftToFill({ capacity: 2 });
    const held = await signUp(shift.shiftId, person('staffcancel'));
    const path = `/signups/${held.json.signupId}/cancellation`;

    // Act
    const anonymous = await call(handler, { method: 'POST', path });
    const analyst = await call(handler, { method: 'POST', path, role: 'analyst' });
    const coordinator = await call(handler, { method: 'POST', path, role: 'coordinator' });

    // Assess
    expect([anonymous.status, analyst.status, coordinator.status]).toEqual([401, 403, 200]);
    expect(coordinator.json.promoted).toBe(false);
    expect(await shiftNow(shift.shiftId)).toMatchObject({ seatsLeft: 2 });
    const event = (await allItems()).find(
      (i) =>
        i.detailType === 'SignupCancelled' &&
        (i.detail as { signupId: string }).signupId === held.json.signupId,
    );
    expect(event?.detail).toMatchObject({
      signupId: held.json.signupId,
      cancelledBy: 'staff',
      previousStatus: 'confirmed',
    });
  });

  it('lets a cancelled volunteer sign up again, and reports waitlist positions as the rank among those still waiting', async () => {
    // Prepare
    const shift = await aShiftToFill({ capacity: 1 });
    const seated = await signUp(shift.shiftId, person('p0'));
    const w1 = await signUp(shift.shiftId, person('p1'));
    const w2 = await signUp(shift.shiftId, person('p2'));
    const w3 = await signUp(shift.shiftId, person('p3'));
    const position = async (s: typeof w1) =>
      (
        await call(handler, {
          method: 'GET',
          path: `/signups/${s.json.signupId}`,
          query: { token: s.json.cancelToken },
        })
      ).json.position;

    // Act
    await cancel(w2.json.signupId, w2.json.cancelToken);
    await cancel(seated.json.signupId, seated.json.cancelToken);
    const back = await signUp(shift.shiftId, person('p0'));

    // Assess
    expect(await position(w3)).toBe(1);
    expect(await position(w1)).toBeUndefined();
    expect(back.json).toMatchObject({ status: 'waitlisted', position: 2 });
  });
});
