import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { dynamoMeetingsStore } from '../../functions/meetings/dynamo-store';
import { handler } from '../../functions/meetings/handler';
import { createMeetingMailConsumer } from '../../functions/meetings/mail-consumer';
import { createMeetingHoldsJob } from '../../functions/meetings/seat-holds-job';
import { meetingsService } from '../../functions/meetings/service';
import { engagementInitiative } from '../../functions/participation/published';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { allItems, call, countItems } from '../support/api';
import { createDelivery } from '../support/events';
import { openEngagement } from '../support/fixtures';
import { confirmationLinkIn, lastMailTo, sentMail } from '../support/mail';
import { aMeeting, hoursFromNow, meetingNow, register, registrant } from '../support/meetings-fixtures';
import { staffToken } from '../support/staff-tokens';

const coordinatorCall = (method: string, path: string, body?: unknown) =>
  call(handler, { method, path, role: 'coordinator', ...(body === undefined ? {} : { body }) });

describe('scheduling meetings', () => {
  it('refuses an in-person meeting without a place, an online one without a link, and a feature the city does not offer, naming each field', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const before = await countItems();
    const base = {
      title: { en: 'Budget meeting' },
      startsAt: hoursFromNow(24),
      endsAt: hoursFromNow(26),
      timeZone: 'Europe/Madrid',
      languages: ['en'],
    };

    // Act
    const inPerson = await coordinatorCall('POST', `/engagements/${engagementId}/meetings`, {
      ...base,
      format: 'in-person',
    });
    const online = await coordinatorCall('POST', `/engagements/${engagementId}/meetings`, {
      ...base,
      format: 'online',
      accessibility: ['free-snacks'],
    });

    // Assess
    expect(inPerson.status).toBe(422);
    expect(inPerson.json.errors.map((e: { path: string }) => e.path)).toContain('body.place');
    expect(online.status).toBe(422);
    expect(online.json.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.link', 'body.accessibility.0']),
    );
    expect(await countItems()).toBe(before);
  });

  it('answers 404 for an engagement that does not exist', async () => {
    // Act
    const answer = await coordinatorCall('POST', '/engagements/01J00000000000000000000000/meetings', {
      title: { en: 'x' },
      startsAt: hoursFromNow(24),
      endsAt: hoursFromNow(25),
      timeZone: 'UTC',
      format: 'online',
      link: 'https://meet.example.org/x',
      languages: ['en'],
    });

    // Assess
    expect(answer.status).toBe(404);
  });
});

describe('listing meetings', () => {
  it('filters by initiative, engagement, date range and accessibility feature, page by page', async () => {
    // Prepare: two engagements of one initiative, and another initiative's meeting
    const first = await openEngagement();
    const other = await openEngagement();
    const a = await aMeeting(
      { startsAt: hoursFromNow(24), endsAt: hoursFromNow(25), accessibility: ['childcare'] },
      first,
    );
    const b = await aMeeting(
      { startsAt: hoursFromNow(72), endsAt: hoursFromNow(73), accessibility: [] },
      first,
    );
    const c = await aMeeting({ startsAt: hoursFromNow(30), endsAt: hoursFromNow(31) }, other);
    const list = async (query: Record<string, string>) => {
      const answer = await call(handler, { method: 'GET', path: '/meetings', query });
      expect(answer.status).toBe(200);
      return answer.json as { items: { meetingId: string }[]; nextCursor?: string };
    };
    const ids = (page: { items: { meetingId: string }[] }) => page.items.map((m) => m.meetingId);

    // Act
    const ofEngagement = await list({ engagementId: first.engagementId });
    const ofInitiative = await list({ initiativeId: first.initiativeId });
    const withChildcare = await list({ initiativeId: first.initiativeId, feature: 'childcare' });
    const soon = await list({ engagementId: first.engagementId, to: hoursFromNow(48) });
    const firstPage = await list({ initiativeId: first.initiativeId, limit: '1' });
    const secondPage = await list({
      initiativeId: first.initiativeId,
      limit: '1',
      cursor: firstPage.nextCursor ?? '',
    });

    // Assess
    expect(ids(ofEngagement)).toEqual([a.meetingId, b.meetingId]);
    expect(ids(ofInitiative)).toEqual([a.meetingId, b.meetingId]);
    expect(ids(withChildcare)).toEqual([a.meetingId]);
    expect(ids(soon)).toEqual([a.meetingId]);
    expect([...ids(firstPage), ...ids(secondPage)]).toEqual([a.meetingId, b.meetingId]);
    expect(ids(await list({ initiativeId: other.initiativeId }))).toEqual([c.meetingId]);
  });
});

describe('registering', () => {
  it('confirms every registration of a meeting without capacity, and shows no seat count', async () => {
    // Prepare
    const meeting = await aMeeting({ capacity: undefined });

    // Act
    const answers = await Promise.all([1, 2, 3].map((n) => register(meeting.meetingId, registrant(`u${n}`))));

    // Assess
    expect(answers.map((a) => a.json.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    const now = await meetingNow(meeting.meetingId);
    expect(now.capacity).toBeUndefined();
    expect(now.seatsLeft).toBeUndefined();
  });

  it('holds a seat on an email meeting, answers the same for a repeat, and mails the confirmed place with an invite that parses back', async () => {
    // Prepare
    const meeting = await aMeeting({ assurance: 'email', capacity: 2 });
    const person = registrant('mail');

    // Act
    const first = await register(meeting.meetingId, person);
    const repeat = await register(meeting.meetingId, person);
    const link = confirmationLinkIn(await lastMailTo(person.email));
    const confirmed = await call(handler, { method: 'POST', path: link.path, body: { token: link.token } });

    // Assess
    expect([first.status, repeat.status]).toEqual([202, 202]);
    expect(repeat.body).toBe(first.body);
    expect(confirmed.status).toBe(200);
    const mail = await lastMailTo(person.email);
    expect(mail.subject).toContain('registered');
    const attachment = mail.attachments.find((a) => a.filename === 'invite.ics');
    const calendar = new ICAL.Component(ICAL.parse(attachment?.content.toString('utf8') ?? ''));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') ?? undefined);
    expect(event.summary).toBe('Riverside park: open meeting');
    expect(event.location).toContain('Library hall');
    expect(await meetingNow(meeting.meetingId)).toMatchObject({ capacity: 2, seatsLeft: 1 });
    const events = (await allItems()).filter((i) => i.type === 'OutboxEvent').map((i) => i.detailType);
    expect(events).toEqual(expect.arrayContaining(['MeetingSeatHeld', 'MeetingRegistered']));
  });

  it('refuses the same person twice on an open meeting, and lets a coordinator cancel for them', async () => {
    // Prepare
    const meeting = await aMeeting({ capacity: 1 });
    const first = await register(meeting.meetingId, registrant('twice'));
    const waiting = await register(meeting.meetingId, registrant('next'));

    // Act
    const again = await register(meeting.meetingId, registrant('twice'));
    const token = await staffToken('coordinator');
    const cancelled = await call(handler, {
      method: 'DELETE',
      path: `/registrations/${first.json.registrationId}`,
      headers: { Authorization: `Bearer ${token}` },
    });

    // Assess
    expect(again.status).toBe(409);
    expect(again.json.reason).toBe('already-registered');
    expect([cancelled.status, cancelled.json.promoted]).toEqual([200, true]);
    const view = await call(handler, {
      method: 'GET',
      path: `/registrations/${waiting.json.registrationId}`,
      headers: { 'X-Cancel-Token': waiting.json.cancelToken },
    });
    expect(view.json.status).toBe('confirmed');
  });
});

describe('accommodations', () => {
  it('counts confirmed and waitlisted requests per need, without names, leaving cancelled ones out', async () => {
    // Prepare: 2 seats, 4 registrants (2 waitlisted), one cancels
    const meeting = await aMeeting({ capacity: 2 });
    const asks = [
      { interpreterLanguages: ['ar', 'uk'], childcare: { children: 2 } },
      { interpreterLanguages: ['ar'], signLanguage: true, stepFreeAccess: true },
      { childcare: { children: 3 }, other: 'Large-print agenda, please' },
      { signLanguage: true },
    ];
    const answers = [];
    for (const [n, accommodations] of asks.entries())
      answers.push(await register(meeting.meetingId, registrant(`acc${n}`, { accommodations })));
    const gone = answers[3]?.json;
    await call(handler, {
      method: 'DELETE',
      path: `/registrations/${gone.registrationId}`,
      headers: { 'X-Cancel-Token': gone.cancelToken },
    });

    // Act
    const summary = await coordinatorCall('GET', `/meetings/${meeting.meetingId}/accommodations`);

    // Assess
    expect(summary.status).toBe(200);
    expect(summary.json).toEqual({
      meetingId: meeting.meetingId,
      registrations: 3,
      interpreters: { ar: 2, uk: 1 },
      signLanguage: 1,
      childcare: { registrations: 2, children: 5 },
      stepFreeAccess: 1,
      other: ['Large-print agenda, please'],
    });
    expect(summary.body).not.toContain('Resident');
  });

  it('mails the registrant when a request cannot be met', async () => {
    // Prepare
    const meeting = await aMeeting();
    const person = registrant('unmet', { accommodations: { interpreterLanguages: ['ar'] } });
    const registered = await register(meeting.meetingId, person);
    const mailsBefore = (await sentMail(person.email)).length;

    // Act
    const answer = await coordinatorCall(
      'POST',
      `/registrations/${registered.json.registrationId}/accommodation-answer`,
      {
        met: false,
        message: 'No Arabic interpreter is free that evening; the minutes will be translated.',
      },
    );

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ met: false, mailed: true });
    const mails = await sentMail(person.email);
    expect(mails).toHaveLength(mailsBefore + 1);
    expect(mails.at(-1)?.text).toContain('No Arabic interpreter is free');
  });
});

describe('the iCalendar feed', () => {
  it('lists upcoming meetings as a calendar that parses, ended ones left out', async () => {
    // Prepare
    const { engagementId, initiativeId } = await openEngagement();
    const upcoming = await aMeeting({ title: { en: 'Upcoming budget meeting' } }, { engagementId });
    const service = meetingsService(dynamoMeetingsStore, () => new Date(), {
      engagementInitiative,
      mailer: mailerFromEnvironment(),
    });
    // A meeting that ended an hour ago, scheduled through the service (the route refuses no past dates, but be explicit).
    await service.scheduleMeeting(engagementId, {
      title: { en: 'Past meeting' },
      startsAt: hoursFromNow(-3),
      endsAt: hoursFromNow(-1),
      timeZone: 'UTC',
      format: 'online',
      link: 'https://meet.example.org/past',
      accessibility: [],
      languages: ['en'],
      assurance: 'open',
    });

    // Act
    const feed = await call(handler, { method: 'GET', path: '/meetings.ics', query: { initiativeId } });

    // Assess
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(feed.body));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.map((e) => e.summary)).toEqual(['Upcoming budget meeting']);
    expect(events[0]?.uid).toBe(`meeting-${upcoming.meetingId}@civic`);
    expect(events[0]?.startDate.toJSDate().toISOString()).toBe(
      new Date(
        (await call(handler, { method: 'GET', path: `/meetings/${upcoming.meetingId}` })).json.startsAt,
      ).toISOString(),
    );
  });
});

describe('attendance and the record', () => {
  it('checks in a confirmed registrant once, and refuses a waitlisted one', async () => {
    // Prepare
    const meeting = await aMeeting({ capacity: 1 });
    const seated = await register(meeting.meetingId, registrant('came'));
    const waiting = await register(meeting.meetingId, registrant('waits'));

    // Act
    const first = await coordinatorCall('POST', `/registrations/${seated.json.registrationId}/check-in`, {});
    const again = await coordinatorCall('POST', `/registrations/${seated.json.registrationId}/check-in`, {});
    const refused = await coordinatorCall(
      'POST',
      `/registrations/${waiting.json.registrationId}/check-in`,
      {},
    );

    // Assess
    expect(first.status).toBe(200);
    expect(again.json.attendedAt).toBe(first.json.attendedAt);
    expect(refused.status).toBe(409);
    const attended = (await allItems()).filter(
      (i) => i.type === 'OutboxEvent' && i.detailType === 'MeetingAttended',
    );
    expect(attended).toHaveLength(1);
  });

  it('refuses the record before the meeting ends (409 not-ended)', async () => {
    // Prepare
    const meeting = await aMeeting();

    // Act
    const answer = await coordinatorCall('PUT', `/meetings/${meeting.meetingId}/record`, {
      minutes: { en: 'We met.' },
      outcomes: [{ en: 'A splash pad' }],
    });

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.json.reason).toBe('not-ended');
  });

  it('publishes minutes and outcomes after the meeting ended', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const service = meetingsService(dynamoMeetingsStore, () => new Date(), {
      engagementInitiative,
      mailer: mailerFromEnvironment(),
    });
    const past = await service.scheduleMeeting(engagementId, {
      title: { en: 'Ended' },
      startsAt: hoursFromNow(-3),
      endsAt: hoursFromNow(-1),
      timeZone: 'UTC',
      format: 'online',
      link: 'https://meet.example.org/ended',
      accessibility: [],
      languages: ['en'],
      assurance: 'open',
    });

    // Act
    const answer = await coordinatorCall('PUT', `/meetings/${past.meetingId}/record`, {
      minutes: { en: 'We agreed on three things.' },
      outcomes: [{ en: 'A splash pad' }, { en: 'More benches' }],
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json.record).toMatchObject({ minutes: { en: 'We agreed on three things.' } });
    expect(answer.json.record.outcomes).toHaveLength(2);
  });
});

describe('mail after registering', () => {
  it('mails a person promoted to a held seat a link that confirms it, once however often the event comes', async () => {
    // Prepare: one seat on an email meeting, confirmed; someone waits
    const meeting = await aMeeting({ assurance: 'email', capacity: 1 });
    const first = registrant('promo-first');
    const second = registrant('promo-second');
    await register(meeting.meetingId, first);
    const firstLink = confirmationLinkIn(await lastMailTo(first.email));
    await call(handler, { method: 'POST', path: firstLink.path, body: { token: firstLink.token } });
    await register(meeting.meetingId, second);
    const registrationOf = async (email: string) =>
      (await allItems()).find(
        (i) => i.type === 'MeetingRegistration' && (i.contact as { email: string })?.email === email,
      );
    const firstId = String((await registrationOf(first.email))?.claimId);
    const token = await staffToken('coordinator');
    await call(handler, {
      method: 'DELETE',
      path: `/registrations/${firstId}`,
      headers: { Authorization: `Bearer ${token}` },
    });
    const mailsBefore = (await sentMail(second.email)).length;

    // Act
    const delivered = await createDelivery(createMeetingMailConsumer({ mailer: mailerFromEnvironment() }))(2);

    // Assess
    expect(delivered).toBeGreaterThan(0);
    const mails = await sentMail(second.email);
    expect(mails).toHaveLength(mailsBefore + 1);
    const link = confirmationLinkIn(mails.at(-1) as (typeof mails)[number]);
    const confirmed = await call(handler, { method: 'POST', path: link.path, body: { token: link.token } });
    expect(confirmed.status).toBe(200);
    expect((await registrationOf(second.email))?.status).toBe('confirmed');
  });

  it('tells a registrant who cancels, and one a coordinator cancels, once each however often the event comes', async () => {
    // Prepare: an open meeting, two registrants
    const meeting = await aMeeting();
    const own = registrant('cancel-own');
    const staffCancelled = registrant('cancel-staff');
    const ownAnswer = await register(meeting.meetingId, own);
    const staffAnswer = await register(meeting.meetingId, staffCancelled);
    await call(handler, {
      method: 'DELETE',
      path: `/registrations/${ownAnswer.json.registrationId}`,
      headers: { 'X-Cancel-Token': ownAnswer.json.cancelToken },
    });
    // A bearer token, as an optional-staff route reads its caller from it.
    const staffCancel = await call(handler, {
      method: 'DELETE',
      path: `/registrations/${staffAnswer.json.registrationId}`,
      headers: { Authorization: `Bearer ${await staffToken('coordinator')}` },
    });
    expect(staffCancel.status).toBe(200);
    const cancellationsTo = async (email: string) =>
      (await sentMail(email)).filter((mail) => mail.subject?.startsWith('Your place is cancelled'));

    // Act: every event delivered twice, the consumer run twice
    const deliver = createDelivery(createMeetingMailConsumer({ mailer: mailerFromEnvironment() }));
    await deliver(2);
    await deliver(2);

    // Assess
    const ownMails = await cancellationsTo(own.email);
    const staffMails = await cancellationsTo(staffCancelled.email);
    expect([ownMails.length, staffMails.length]).toEqual([1, 1]);
    expect(ownMails[0]?.text).toContain('As you asked, your place at the public meeting');
    expect(staffMails[0]?.text).toContain('The organisers have cancelled your place');
  });

  it('reminds confirmed registrants of a meeting within the lead time once, however often the job runs', async () => {
    // Prepare: a meeting in 2 hours (the lead is a day by default)
    const meeting = await aMeeting({ startsAt: hoursFromNow(2), endsAt: hoursFromNow(3) });
    const person = registrant('reminded');
    await register(meeting.meetingId, person);
    const service = meetingsService(dynamoMeetingsStore, () => new Date(), {
      engagementInitiative,
      mailer: mailerFromEnvironment(),
    });

    // Act
    const runs = [await service.sendReminders(new Date()), await service.sendReminders(new Date())];

    // Assess
    expect(runs[0]?.sent).toBeGreaterThanOrEqual(1);
    expect(runs[1]?.sent).toBe(0);
    const reminders = (await sentMail(person.email)).filter((m) => m.subject?.startsWith('Reminder:'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.attachments.map((a) => a.filename)).toEqual(['invite.ics']);
  });
});

describe('a plain HTML form', () => {
  it('registers with nested accommodation fields and lands on the thank-you page', async () => {
    // Prepare
    const meeting = await aMeeting();
    const form = new URLSearchParams({
      name: 'Ana Form',
      email: 'ana.form@example.org',
      'accommodations.childcare.children': '2',
      'accommodations.interpreterLanguages': 'ar',
      'accommodations.signLanguage': 'true',
      _redirect: 'https://www.example.gov/thanks',
    });

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/meetings/${meeting.meetingId}/registrations`,
      rawBody: form.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(answer.status).toBe(303);
    const summary = await coordinatorCall('GET', `/meetings/${meeting.meetingId}/accommodations`);
    expect(summary.json).toMatchObject({
      registrations: 1,
      interpreters: { ar: 1 },
      signLanguage: 1,
      childcare: { registrations: 1, children: 2 },
    });
  });
});

describe('holds not confirmed in time', () => {
  it('lapse in the job, passing the seat to the first person waiting as a hold', async () => {
    // Prepare: one seat on an email meeting, held; a second person waits
    const meeting = await aMeeting({ assurance: 'email', capacity: 1 });
    await register(meeting.meetingId, registrant('lapses'));
    await register(meeting.meetingId, registrant('gets-it'));
    const later = new Date(Date.now() + 31 * 60_000);

    // Act
    const run = await createMeetingHoldsJob()({ now: later.toISOString() });

    // Assess
    expect(run).toMatchObject({ lapsed: 1, promoted: 1 });
    const registrations = (await allItems()).filter(
      (i) => i.type === 'MeetingRegistration' && i.activityId === meeting.meetingId,
    );
    const statusOf = (email: string) =>
      registrations.find((r) => (r.contact as { email: string }).email === email)?.status;
    expect([statusOf('residentlapses@example.org'), statusOf('residentgets-it@example.org')]).toEqual([
      'expired',
      'held',
    ]);
  });
});
