import { afterEach, describe, expect, it, vi } from 'vitest';
import { erasedVolunteerId } from '../../functions/volunteering/dynamo-personal-data';
import { handler } from '../../functions/volunteering/handler';
import { volunteerIdFor } from '../../functions/volunteering/identity';
import { personalDataHolder } from '../../functions/volunteering/published';
import { participantIdentity } from '../../shared/config/secrets';
import { includingExpired } from '../../shared/db/retention-filter';
import { consentWordingVersion } from '../../shared/privacy/consents';
import type { Person } from '../../shared/privacy/person';
import { isPastRetention } from '../../shared/privacy/retention';
import { allItems, call } from '../support/api';
import { outboxEvents } from '../support/events';
import { confirmationLinkIn, lastMailTo } from '../support/mail';
import { asRetentionDue } from '../support/retention';
import {
  anOpportunity,
  aShift,
  aTrainingSession,
  hoursFromNow,
  signUp,
} from '../support/volunteering-fixtures';

/**
 * Volunteering's part of a resident's privacy: the export of what it holds about them, their
 * erasure, and the end of retention — the hours, seats and counters the city reports unchanged.
 */

const day = 86_400_000;
const volunteeringTypes = ['Volunteer', 'Signup', 'Enrolment', 'SeatHolder', 'HoursEntry'];
let residents = 0;

/** A resident with a name, an address and a phone number found nowhere else in the table. */
function aResident() {
  const n = ++residents;
  return {
    name: `Privacy Resident ${n}`,
    email: `privacy.resident.${n}@example.org`,
    phone: `+32 470 00 00 ${String(n).padStart(2, '0')}`,
  };
}

const asPerson = async (resident: { email: string }): Promise<Person> => ({
  email: resident.email,
  participantHash: await participantIdentity(resident.email),
});

const post = (path: string, body?: unknown, role: 'coordinator' | 'admin' = 'coordinator') =>
  call(handler, { method: 'POST', path, role, ...(body === undefined ? {} : { body }) });

/** Every item, expired ones too (the test's view of the table, as the retention job's). */
const everything = () => includingExpired(allItems);

/** The items volunteering holds (the outbox is the publisher's, and lapses within a week). */
const volunteeringItems = async () =>
  (await everything()).filter((item) => !String(item.pk).startsWith('OUTBOX#'));

/** The traces of a resident in an item: address, name, phone, keyed hash, volunteer ID. */
async function tracesOf(resident: { email: string; name: string; phone: string }) {
  const hash = await participantIdentity(resident.email);
  return [resident.email, resident.name, resident.phone, hash, volunteerIdFor(hash)];
}

async function itemsNaming(traces: string[]) {
  return (await volunteeringItems()).filter((item) => {
    const text = JSON.stringify(item, (_key, value) => (value instanceof Set ? [...value] : value));
    return traces.some((trace) => text.includes(trace));
  });
}

/** The figures the city reports: each activity's counters, and the verified minutes by month. */
async function figures() {
  const items = await volunteeringItems();
  const counters = items
    .filter((item) => item.type === 'Shift' || item.type === 'TrainingSession')
    .map((item) => ({
      activityId: item.activityId,
      claims: item.claims,
      attended: item.attended,
      noShows: item.noShows,
      verifiedMinutes: item.verifiedMinutes,
      completed: item.completed,
    }))
    .sort((a, b) => String(a.activityId).localeCompare(String(b.activityId)));
  const verifiedMinutes: Record<string, number> = {};
  for (const item of items)
    if (String(item.gsi1pk ?? '').startsWith('VERIFIED-HOURS#'))
      verifiedMinutes[String(item.gsi1pk)] =
        (verifiedMinutes[String(item.gsi1pk)] ?? 0) + Number(item.minutes);
  const claims = items.filter((item) => item.type === 'Signup' || item.type === 'Enrolment').length;
  return { counters, verifiedMinutes, claims };
}

/**
 * A resident's footprint: a shift worked (checked in and out: verified hours), hours entered by
 * hand with a note, a training enrolment, and a seat on a later shift someone else waits for.
 * `other` signs up to the same shifts.
 */
async function aFootprint(resident: ReturnType<typeof aResident>, other: ReturnType<typeof aResident>) {
  const { initiativeId, opportunityId } = await anOpportunity();
  const worked = await aShift(opportunityId, { startsAt: hoursFromNow(24), endsAt: hoursFromNow(28) });
  const later = await aShift(opportunityId, {
    startsAt: hoursFromNow(72),
    endsAt: hoursFromNow(74),
    capacity: 1,
  });
  const session = await aTrainingSession(initiativeId);
  const body = { ...resident, consentToContact: true, skills: ['first aid'] };
  const signup = await signUp(worked.shiftId, body);
  expect(signup.status, signup.body).toBe(202);
  expect((await signUp(worked.shiftId, { ...other, consentToContact: false })).status).toBe(202);
  expect((await signUp(later.shiftId, body)).json.status).toBe('confirmed');
  expect((await signUp(later.shiftId, { ...other, consentToContact: false })).json.status).toBe('waitlisted');
  const enrolled = await call(handler, {
    method: 'POST',
    path: `/training-sessions/${session.sessionId}/enrolments`,
    body,
  });
  expect(enrolled.status, enrolled.body).toBe(202);
  const signupId = signup.json.signupId as string;
  expect((await post(`/signups/${signupId}/check-in`, { at: worked.startsAt })).status).toBe(200);
  const out = await post(`/signups/${signupId}/check-out`, {
    at: new Date(Date.parse(worked.startsAt) + 2 * 3_600_000).toISOString(),
  });
  expect(out.status, out.body).toBe(200);
  const volunteerId = volunteerIdFor(await participantIdentity(resident.email));
  const entered = await post(`/volunteers/${volunteerId}/hours`, {
    initiativeId,
    startedAt: worked.startsAt,
    endedAt: new Date(Date.parse(worked.startsAt) + 3_600_000).toISOString(),
    note: `Flyers with ${resident.name}`,
  });
  expect(entered.status, entered.body).toBe(201);
  return { initiativeId, worked, later, session, signupId, volunteerId };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a volunteer’s export', () => {
  it('holds their profile, sign-ups, enrolment and hours, and nothing of anyone else', async () => {
    // Prepare
    const [ana, ben] = [aResident(), aResident()];
    const footprint = await aFootprint(ana, ben);

    // Act
    const exported = await personalDataHolder.personalDataOf(await asPerson(ana));

    // Assess
    const byEntity = Object.fromEntries(exported.map((entity) => [entity.entity, entity.records]));
    expect(Object.keys(byEntity).sort()).toEqual(['Enrolment', 'HoursEntry', 'Signup', 'Volunteer']);
    expect(byEntity.Volunteer).toEqual([
      expect.objectContaining({ name: ana.name, email: ana.email, phone: ana.phone, consentToContact: true }),
    ]);
    expect(byEntity.Signup).toEqual([
      expect.objectContaining({ signupId: footprint.signupId, title: 'Tree planting', minutes: 120 }),
      expect.objectContaining({ shiftId: footprint.later.shiftId, status: 'confirmed' }),
    ]);
    expect(byEntity.Enrolment).toEqual([
      expect.objectContaining({ sessionId: footprint.session.sessionId, title: 'First aid' }),
    ]);
    expect(byEntity.HoursEntry?.map((entry) => Number(entry.minutes)).sort((a, b) => a - b)).toEqual([
      60, 120,
    ]);
    const text = JSON.stringify(exported);
    const benHash = await participantIdentity(ben.email);
    for (const trace of [ben.email, ben.name, benHash, await participantIdentity(ana.email)])
      expect(text).not.toContain(trace);
    expect(text).not.toMatch(/tokenHash|cancelTokens|gsi3|VOLUNTEER#/);
  });

  it('lists every item about the person in their person index, with its retention', async () => {
    // Prepare
    const [ana, ben] = [aResident(), aResident()];
    await aFootprint(ana, ben);
    const hash = await participantIdentity(ana.email);

    // Act
    const indexed = (await volunteeringItems()).filter(
      (item) => item.gsi3pk === `VOLUNTEERING#PERSON#${hash}`,
    );

    // Assess
    const types = indexed.map((item) => String(item.type)).sort();
    expect(types).toEqual([
      'Enrolment',
      'HoursEntry',
      'HoursEntry',
      'SeatHolder',
      'SeatHolder',
      'SeatHolder',
      'Signup',
      'Signup',
      'Volunteer',
    ]);
    for (const item of indexed) {
      expect(item.participantHash).toBe(hash);
      expect(item.retention).toBe(item.type === 'SeatHolder' ? 'delete' : 'anonymise');
      expect(Number(item.expiresAt) * 1000).toBeGreaterThan(Date.now() + 729 * day);
    }
  });
});

describe('a volunteer’s erasure', () => {
  it('leaves nothing naming them, keeps their hours and seats in every figure, and gives a future seat to the next in line', async () => {
    // Prepare
    const [ana, ben] = [aResident(), aResident()];
    const footprint = await aFootprint(ana, ben);
    const before = await figures();
    // After the worked shift, before the later one.
    const now = new Date(Date.parse(footprint.worked.endsAt) + 3_600_000);

    // Act
    await personalDataHolder.erasePerson(await asPerson(ana), { erasedAs: 'erasure-1', now });

    // Assess
    expect(await itemsNaming(await tracesOf(ana))).toEqual([]);
    expect(await itemsNaming([ben.email])).not.toEqual([]);
    expect(await figures()).toEqual(before);
    const erasedId = erasedVolunteerId('erasure-1');
    const profile = await call(handler, {
      method: 'GET',
      path: `/volunteers/${erasedId}`,
      role: 'coordinator',
    });
    expect(profile.status, profile.body).toBe(200);
    expect(profile.json).toMatchObject({
      verifiedMinutes: 120,
      contact: { name: '', email: '' },
      skills: [],
    });
    expect(profile.json.shifts).toEqual([
      expect.objectContaining({ signupId: footprint.signupId, status: 'confirmed', minutes: 120 }),
      expect.objectContaining({ shiftId: footprint.later.shiftId, status: 'cancelled' }),
    ]);
    const roster = await call(handler, {
      method: 'GET',
      path: `/shifts/${footprint.later.shiftId}/signups`,
      role: 'coordinator',
    });
    expect(roster.json.items).toHaveLength(2);
    expect(roster.json.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: ben.email, status: 'confirmed' }),
        expect.objectContaining({ email: '', status: 'cancelled' }),
      ]),
    );
    expect(await personalDataHolder.personalDataOf(await asPerson(ana))).toEqual([]);
  });

  it('writes nothing the second time', async () => {
    // Prepare
    const [ana, ben] = [aResident(), aResident()];
    const footprint = await aFootprint(ana, ben);
    const now = new Date(Date.parse(footprint.worked.endsAt) + 3_600_000);
    await personalDataHolder.erasePerson(await asPerson(ana), { erasedAs: 'erasure-2', now });
    const once = await everything();

    // Act
    await personalDataHolder.erasePerson(await asPerson(ana), { erasedAs: 'erasure-2', now });

    // Assess
    expect(await everything()).toEqual(once);
  });
});

describe('the end of a volunteer’s retention', () => {
  it('hides their items from reads, then anonymises or deletes them with every figure unchanged', async () => {
    // Prepare
    const [ana, ben] = [aResident(), aResident()];
    const footprint = await aFootprint(ana, ben);
    const before = await figures();
    const later = new Date(Date.now() + 731 * day);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(later);
    const due = (await everything())
      .filter((item) => volunteeringTypes.includes(String(item.type)) && isPastRetention(item, later))
      .map(asRetentionDue);

    // Act
    const read = await personalDataHolder.personalDataOf(await asPerson(ana));
    await personalDataHolder.applyRetention(due, later);

    // Assess
    expect(read).toEqual([]);
    expect(due.length).toBeGreaterThanOrEqual(14);
    expect(await itemsNaming([...(await tracesOf(ana)), ...(await tracesOf(ben))])).toEqual([]);
    const partitions = [
      `SHIFT#${footprint.worked.shiftId}`,
      `SHIFT#${footprint.later.shiftId}`,
      `TRAINING#${footprint.session.sessionId}`,
    ];
    const holders = (await everything()).filter(
      (item) => item.type === 'SeatHolder' && partitions.includes(String(item.pk)),
    );
    expect(holders).toEqual([]);
    expect((await everything()).filter((item) => item.retention !== undefined)).toEqual([]);
    expect(await figures()).toEqual(before);
    const hours = (await everything()).filter(
      (item) => item.type === 'HoursEntry' && item.initiativeId === footprint.initiativeId,
    );
    expect(hours.map((item) => Number(item.minutes)).sort((a, b) => a - b)).toEqual([60, 120]);
    expect(hours.every((item) => item.note === undefined && item.volunteerId !== footprint.volunteerId)).toBe(
      true,
    );
    // A second run finds nothing left to do.
    const once = await everything();
    await personalDataHolder.applyRetention(due, later);
    expect(await everything()).toEqual(once);
  });
});

describe('consent to be contacted', () => {
  it('is recorded when an open sign-up counts, and only when given', async () => {
    // Prepare
    const [ana, ben] = [aResident(), aResident()];
    const { opportunityId } = await anOpportunity();
    const { shiftId } = await aShift(opportunityId);

    // Act
    await signUp(shiftId, { ...ana, consentToContact: true });
    await signUp(shiftId, { ...ben, consentToContact: false });

    // Assess
    const theirs = [await participantIdentity(ana.email), await participantIdentity(ben.email)];
    const consents = await outboxEvents(
      (event) =>
        event['detail-type'] === 'ConsentRecorded' &&
        theirs.includes((event.detail as { participantHash: string }).participantHash),
    );
    expect(consents.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        participantHash: await participantIdentity(ana.email),
        purpose: 'contact',
        wordingVersion: consentWordingVersion('contact'),
        channel: 'web',
        context: 'volunteering',
      }),
    ]);
  });

  it('is recorded on an email shift only once the emailed link is confirmed', async () => {
    // Prepare
    const ana = aResident();
    const { opportunityId } = await anOpportunity();
    const { shiftId } = await aShift(opportunityId, { assurance: 'email' });
    const hash = await participantIdentity(ana.email);
    const consentsOfAna = () =>
      outboxEvents(
        (event) =>
          event['detail-type'] === 'ConsentRecorded' &&
          (event.detail as { participantHash: string }).participantHash === hash,
      );
    await signUp(shiftId, { ...ana, consentToContact: true });
    const whileHeld = await consentsOfAna();
    const link = confirmationLinkIn(await lastMailTo(ana.email));

    // Act
    const confirmed = await call(handler, { method: 'POST', path: link.path, body: { token: link.token } });

    // Assess
    expect(confirmed.status, confirmed.body).toBe(200);
    expect(whileHeld).toEqual([]);
    expect(await consentsOfAna()).toHaveLength(1);
  });
});
