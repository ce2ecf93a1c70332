import { describe, expect, it } from 'vitest';
import { dynamoVolunteeringStore } from '../../functions/volunteering/dynamo-store';
import { handler } from '../../functions/volunteering/handler';
import { volunteeringService } from '../../functions/volunteering/service';
import { allItems, call } from '../support/api';
import { anOpportunity, aShift, person, ports, signUp } from '../support/volunteering-fixtures';

const post = (path: string, body?: unknown, role: 'coordinator' | 'admin' = 'coordinator') =>
  call(handler, { method: 'POST', path, role, ...(body === undefined ? {} : { body }) });

const profile = async (volunteerId: string) =>
  (await call(handler, { method: 'GET', path: `/volunteers/${volunteerId}`, role: 'coordinator' })).json;

let people = 0;

/** A confirmed sign-up to a shift given in the shift's own words; returns the sign-up and its volunteer. */
async function signedUp(
  shift: Record<string, unknown>,
  who: Record<string, unknown> = person(`hours${++people}`),
) {
  const { initiativeId, opportunityId } = await anOpportunity();
  const created = await aShift(opportunityId, shift);
  const signup = await signUp(created.shiftId, who);
  const roster = await call(handler, {
    method: 'GET',
    path: `/shifts/${created.shiftId}/signups`,
    role: 'coordinator',
  });
  return {
    initiativeId,
    opportunityId,
    shiftId: created.shiftId,
    signupId: signup.json.signupId as string,
    volunteerId: roster.json.items[0].volunteerId as string,
  };
}

describe('attendance and hours', () => {
  it('counts the hours that really passed across the spring daylight-saving change', async () => {
    // Prepare: Brussels moves from +01:00 to +02:00 at 02:00 on 28 March 2027
    const s = await signedUp({
      startsAt: '2027-03-28T01:00:00+01:00',
      endsAt: '2027-03-28T05:00:00+02:00',
      timeZone: 'Europe/Brussels',
    });

    // Act
    const checkIn = await post(`/signups/${s.signupId}/check-in`, { at: '2027-03-28T01:30:00+01:00' });
    const checkOut = await post(`/signups/${s.signupId}/check-out`, { at: '2027-03-28T04:30:00+02:00' });

    // Assess: 01:30 → 04:30 on the wall clock, but two hours of work
    expect(checkIn.status).toBe(200);
    expect(checkOut.status).toBe(200);
    expect(checkOut.json).toMatchObject({ checkedInAt: '2027-03-28T01:30:00+01:00', minutes: 120 });
    const volunteer = await profile(s.volunteerId);
    expect(volunteer).toMatchObject({ verifiedMinutes: 120, verifiedHours: 2 });
    expect(volunteer.hours).toEqual([
      expect.objectContaining({
        source: 'attendance',
        status: 'verified',
        minutes: 120,
        signupId: s.signupId,
      }),
    ]);
    const indexed = (await allItems()).find((i) => i.gsi1pk === 'VERIFIED-HOURS#2027-03');
    expect(indexed).toMatchObject({ volunteerId: s.volunteerId, minutes: 120 });
  });

  it('counts the hours between a check-in and a check-out written in different time zones', async () => {
    // Prepare
    const s = await signedUp({
      startsAt: '2027-06-01T12:00:00Z',
      endsAt: '2027-06-01T16:00:00Z',
      timeZone: 'America/New_York',
    });

    // Act: 13:00Z in, 14:30Z out
    await post(`/signups/${s.signupId}/check-in`, { at: '2027-06-01T09:00:00-04:00' });
    const out = await post(`/signups/${s.signupId}/check-out`, { at: '2027-06-01T15:30:00+01:00' });

    // Assess
    expect(out.json.minutes).toBe(90);
  });

  it('refuses a second check-in, a check-out before the check-in, and attendance far from the shift', async () => {
    // Prepare
    const s = await signedUp({
      startsAt: '2027-06-02T08:00:00Z',
      endsAt: '2027-06-02T12:00:00Z',
      timeZone: 'UTC',
    });
    await post(`/signups/${s.signupId}/check-in`, { at: '2027-06-02T08:05:00Z' });

    // Act
    const twice = await post(`/signups/${s.signupId}/check-in`, { at: '2027-06-02T08:06:00Z' });
    const backwards = await post(`/signups/${s.signupId}/check-out`, { at: '2027-06-02T08:00:00Z' });
    const nextWeek = await post(`/signups/${s.signupId}/check-out`, { at: '2027-06-09T08:00:00Z' });

    // Assess
    expect(twice.status).toBe(409);
    expect(twice.json.reason).toBe('already-checked-in');
    expect(backwards.status).toBe(422);
    expect(nextWeek.status).toBe(422);
  });

  it('records a no-show only once the shift has started, and counts it on the shift', async () => {
    // Prepare
    const s = await signedUp({
      startsAt: '2027-07-01T08:00:00Z',
      endsAt: '2027-07-01T12:00:00Z',
      timeZone: 'UTC',
    });
    const before = volunteeringService(
      dynamoVolunteeringStore,
      () => new Date('2027-07-01T07:00:00Z'),
      ports,
    );
    const after = volunteeringService(dynamoVolunteeringStore, () => new Date('2027-07-01T09:00:00Z'), ports);

    // Act
    const early = await before.markNoShow(s.signupId).catch((error: Error) => error);
    const marked = await after.markNoShow(s.signupId);

    // Assess
    expect(early).toMatchObject({ name: 'ConflictError', reason: 'not-started' });
    expect(marked).toMatchObject({ status: 'no-show' });
    const shift = (await allItems()).find((i) => i.type === 'Shift' && i.activityId === s.shiftId);
    expect(shift).toMatchObject({ noShows: 1, confirmed: 1 });
    expect((await post(`/signups/${s.signupId}/check-in`, { at: '2027-07-01T09:00:00Z' })).status).toBe(409);
  });

  it('counts hours entered by hand only once another coordinator has verified them', async () => {
    // Prepare
    const s = await signedUp({
      startsAt: '2027-08-01T08:00:00Z',
      endsAt: '2027-08-01T10:00:00Z',
      timeZone: 'UTC',
    });
    const entered = await post(`/volunteers/${s.volunteerId}/hours`, {
      initiativeId: s.initiativeId,
      opportunityId: s.opportunityId,
      startedAt: '2027-08-15T14:00:00+02:00',
      endedAt: '2027-08-15T17:15:00+02:00',
      note: 'Flyer round in the old town',
    });
    const unverified = await profile(s.volunteerId);

    // Act
    const bySelf = await post(`/volunteers/${s.volunteerId}/hours/${entered.json.entryId}/verification`);
    const byAnother = await post(
      `/volunteers/${s.volunteerId}/hours/${entered.json.entryId}/verification`,
      undefined,
      'admin',
    );
    const again = await post(
      `/volunteers/${s.volunteerId}/hours/${entered.json.entryId}/verification`,
      undefined,
      'admin',
    );

    // Assess
    expect(entered.status).toBe(201);
    expect(entered.json).toMatchObject({ status: 'unverified', minutes: 195, source: 'manual' });
    expect(unverified.verifiedMinutes).toBe(0);
    expect(bySelf.status).toBe(409);
    expect(bySelf.json.reason).toBe('self-verification');
    expect(byAnother.status).toBe(200);
    expect(byAnother.json).toMatchObject({ status: 'verified', verifiedBy: 'staff-admin' });
    expect(again.status).toBe(409);
    const verified = await profile(s.volunteerId);
    expect(verified).toMatchObject({ verifiedMinutes: 195, verifiedHours: 3.25 });
    expect(verified.lastActivityAt).toBe('2027-08-15T17:15:00+02:00');
    const event = (await allItems()).find(
      (i) =>
        i.detailType === 'VolunteerHoursVerified' &&
        (i.detail as { entryId: string }).entryId === entered.json.entryId,
    );
    expect(event?.detail).toMatchObject({ source: 'manual', minutes: 195, volunteerId: s.volunteerId });
  });

  it('adds up one person’s hours across sign-ups made with differently written emails', async () => {
    // Prepare
    const first = await signedUp(
      { startsAt: '2027-09-01T08:00:00Z', endsAt: '2027-09-01T10:00:00Z', timeZone: 'UTC' },
      { ...person('same'), email: 'Same.Person@Example.org' },
    );
    const second = await signedUp(
      { startsAt: '2027-09-02T08:00:00Z', endsAt: '2027-09-02T10:00:00Z', timeZone: 'UTC' },
      { ...person('same'), email: 'same.person@example.org ', phone: '+32 2 555 01 01' },
    );
    for (const s of [first, second]) {
      const day = s === first ? '01' : '02';
      await post(`/signups/${s.signupId}/check-in`, { at: `2027-09-${day}T08:00:00Z` });
      await post(`/signups/${s.signupId}/check-out`, { at: `2027-09-${day}T09:45:00Z` });
    }

    // Act
    const volunteer = await profile(first.volunteerId);

    // Assess
    expect(second.volunteerId).toBe(first.volunteerId);
    expect(volunteer).toMatchObject({
      verifiedMinutes: 210,
      verifiedHours: 3.5,
      contact: { email: 'same.person@example.org', phone: '+32 2 555 01 01' },
      skills: [],
    });
    expect(volunteer.shifts.map((x: { signupId: string }) => x.signupId)).toEqual([
      first.signupId,
      second.signupId,
    ]);
    expect(volunteer.firstActivityAt).toBeDefined();
    expect(volunteer.lastActivityAt).toBe('2027-09-02T09:45:00Z');
  });

  it('answers 404 for a volunteer who never signed up, and keeps the profile from anonymous callers', async () => {
    // Act
    const unknown = await call(handler, {
      method: 'GET',
      path: '/volunteers/01ARZ3NDEKTSV4RRFFQ69G5FAV',
      role: 'coordinator',
    });
    const anonymous = await call(handler, { method: 'GET', path: '/volunteers/01ARZ3NDEKTSV4RRFFQ69G5FAV' });

    // Assess
    expect(unknown.status).toBe(404);
    expect(anonymous.status).toBe(401);
  });
});
