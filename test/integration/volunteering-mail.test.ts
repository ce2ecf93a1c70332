import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/volunteering/handler';
import { createSeatMailConsumer } from '../../functions/volunteering/mail-consumer';
import { createReminderJob } from '../../functions/volunteering/reminder-job';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import { createOutboxMailer } from '../../shared/mailer/outbox-mailer';
import type { Mailer, MailMessage } from '../../shared/mailer/port';
import { call } from '../support/api';
import {
  anOpportunity,
  aShift,
  deliveredEvent,
  hoursFromNow,
  person,
  signUp,
} from '../support/volunteering-fixtures';

process.env.PUBLIC_API_BASE_URL = 'https://api.example.gov/v1/';
resetRuntimeConfig();

let outbox: string;
beforeEach(async () => {
  outbox = await mkdtemp(join(tmpdir(), 'civic-volunteer-mail-'));
});
afterEach(async () => {
  await rm(outbox, { recursive: true, force: true });
});

const outboxMailer = () =>
  createOutboxMailer(outbox, { defaultFrom: '"Volunteering" <volunteers@example.gov>' });

async function sentMail(): Promise<ParsedMail[]> {
  const files = (await readdir(outbox)).filter((file) => file.endsWith('.eml')).sort();
  return Promise.all(files.map(async (file) => simpleParser(await readFile(join(outbox, file)))));
}

function invite(mail: ParsedMail) {
  const attachment = mail.attachments.find((a) => a.filename === 'invite.ics');
  if (!attachment) throw new Error('No calendar invite attached');
  const calendar = new ICAL.Component(ICAL.parse(attachment.content.toString('utf8')));
  return {
    calendar,
    event: new ICAL.Event(calendar.getFirstSubcomponent('vevent') ?? undefined),
    attachment,
  };
}

describe('confirmation mail', () => {
  it('sends the volunteer the shift, a working cancel link and a calendar invite that parses back', async () => {
    // Prepare: 09:00–13:00 in Brussels (UTC+1) on 6 March 2027
    const { opportunityId } = await anOpportunity({
      location: { name: 'Riverside park', address: 'Quai 1, Brussels' },
    });
    const shift = await aShift(opportunityId, {
      startsAt: '2027-03-06T09:00:00+01:00',
      endsAt: '2027-03-06T13:00:00+01:00',
      timeZone: 'Europe/Brussels',
    });
    const signup = await signUp(shift.shiftId, { ...person('mail'), name: 'Ana <b>Lima</b>' });
    const consume = createSeatMailConsumer({ mailer: outboxMailer() });

    // Act
    await consume(await deliveredEvent('VolunteerSignedUp', signup.json.signupId));

    // Assess
    const [mail, ...others] = await sentMail();
    expect(others).toEqual([]);
    expect(mail?.to).toMatchObject({ text: 'volunteermail@example.org' });
    expect(mail?.subject).toBe("You're confirmed: Tree planting (shift)");
    expect(mail?.text).toContain('When: Saturday, March 6, 2027, 09:00 AM–01:00 PM (Europe/Brussels)');
    expect(mail?.text).toContain('Where: Riverside park, Quai 1, Brussels');
    expect(mail?.html).toContain('Ana &lt;b&gt;Lima&lt;/b&gt;');
    const link = /https:\/\/api\.example\.gov\/v1\/signups\/\S+/.exec(mail?.text ?? '')?.[0] as string;
    // The mail's own token: only hashes are stored, so each mail mints one (not the answer's).
    expect(link).toMatch(
      new RegExp(`^https://api\\.example\\.gov/v1/signups/${signup.json.signupId}\\?token=[\\w-]{43}$`),
    );
    expect(link).not.toContain(signup.json.cancelToken);

    const { calendar, event, attachment } = invite(mail as ParsedMail);
    expect(attachment.contentType).toBe('text/calendar');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(event.summary).toBe('Tree planting');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-06T08:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-03-06T12:00:00.000Z');
    expect(event.startDate.zone.tzid).toBe('UTC');
    expect(event.location).toBe('Riverside park, Quai 1, Brussels');
    expect(event.uid).toBe(`shift-${signup.json.signupId}@civic`);

    // The link in the mail opens a page whose button posts the token in the body; programs DELETE
    // with it in the `X-Cancel-Token` header.
    const url = new URL(link);
    const path = url.pathname.replace('/v1', '');
    const token = url.searchParams.get('token') as string;
    const page = await call(handler, {
      method: 'GET',
      path,
      query: { token },
      headers: { Accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<form method="post" action="${signup.json.signupId}/cancel">`);
    const hidden = /<input type="hidden" name="token" value="([^"]+)">/.exec(page.body)?.[1] as string;
    expect(hidden).toBe(token);
    const pressed = await call(handler, {
      method: 'POST',
      path: `${path}/cancel`,
      rawBody: new URLSearchParams({ token: hidden }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
    });
    expect(pressed.status).toBe(200);
    expect(pressed.body).toContain('Thank you');
    const after = await call(handler, { method: 'GET', path, query: { token } });
    expect(after.json.status).toBe('cancelled');
    const again = await call(handler, { method: 'DELETE', path, headers: { 'X-Cancel-Token': token } });
    expect(again.status).toBe(409);
  });

  it('sends one mail however often the event is delivered', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity();
    const shift = await aShift(opportunityId);
    const signup = await signUp(shift.shiftId, person('redelivered'));
    const event = await deliveredEvent('VolunteerSignedUp', signup.json.signupId);
    const consume = createSeatMailConsumer({ mailer: outboxMailer() });

    // Act
    await Promise.all([consume(event), consume(event)]);
    await consume(event);

    // Assess
    expect(await sentMail()).toHaveLength(1);
  });

  it('gives the mark back when the mailer fails, so the retried event sends the mail', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity();
    const shift = await aShift(opportunityId);
    const signup = await signUp(shift.shiftId, person('retried'));
    const event = await deliveredEvent('VolunteerSignedUp', signup.json.signupId);
    const sent: MailMessage[] = [];
    let failures = 1;
    const flaky: Mailer = {
      async send(message) {
        if (failures-- > 0) throw new Error('SES is having a bad day');
        sent.push(message);
        return { messageId: 'ok' };
      },
    };
    const consume = createSeatMailConsumer({ mailer: flaky });

    // Act
    const first = await consume(event).catch((error: Error) => error);
    await consume(event);

    // Assess
    expect(first).toBeInstanceOf(Error);
    expect(sent.map((m) => m.to)).toEqual(['volunteerretried@example.org']);
  });

  it('tells a promoted volunteer their place is confirmed, and sends nothing for a sign-up cancelled before its mail', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity();
    const shift = await aShift(opportunityId, { capacity: 1 });
    const seated = await signUp(shift.shiftId, person('leaving'));
    const waiting = await signUp(shift.shiftId, person('promoted'));
    await call(handler, {
      method: 'DELETE',
      path: `/signups/${seated.json.signupId}`,
      headers: { 'X-Cancel-Token': seated.json.cancelToken },
    });
    const consume = createSeatMailConsumer({ mailer: outboxMailer() });

    // Act
    await consume(await deliveredEvent('VolunteerSignedUp', seated.json.signupId));
    await consume(await deliveredEvent('VolunteerPromoted', waiting.json.signupId));

    // Assess
    const mails = await sentMail();
    expect(mails.map((m) => [m.to && 'text' in m.to ? m.to.text : '', m.subject])).toEqual([
      ['volunteerpromoted@example.org', "A place opened up: you're confirmed for Tree planting"],
    ]);
    expect(invite(mails[0] as ParsedMail).event.uid).toBe(`shift-${waiting.json.signupId}@civic`);
  });
});

describe('reminders', () => {
  it('reminds each confirmed volunteer of what starts within the lead time once, however often it runs', async () => {
    // Prepare
    const { opportunityId, initiativeId } = await anOpportunity();
    const soon = await aShift(opportunityId, {
      startsAt: hoursFromNow(2),
      endsAt: hoursFromNow(4),
      capacity: 2,
    });
    const later = await aShift(opportunityId, { startsAt: hoursFromNow(30), endsAt: hoursFromNow(32) });
    for (const n of [1, 2, 3]) await signUp(soon.shiftId, person(`soon${n}`));
    await signUp(later.shiftId, person('later'));
    const session = await call(handler, {
      method: 'POST',
      path: '/training-sessions',
      role: 'coordinator',
      body: {
        initiativeId,
        title: { en: 'Safeguarding basics' },
        startsAt: hoursFromNow(5),
        endsAt: hoursFromNow(6),
        timeZone: 'UTC',
        capacity: 5,
        skillsGained: ['safeguarding'],
        assurance: 'open',
      },
    });
    await call(handler, {
      method: 'POST',
      path: `/training-sessions/${session.json.sessionId}/enrolments`,
      body: person('learner'),
    });
    // Six hours ahead: the shifts other tests of this file create, a day ahead, stay out of it.
    const remind = createReminderJob({ mailer: outboxMailer(), leadMinutes: 6 * 60 });
    const input = { now: new Date().toISOString() };

    // Act
    const first = await remind(input);
    const second = await remind({ now: new Date(Date.now() + 15 * 60_000).toISOString() });

    // Assess
    expect(first).toEqual({ activities: 2, sent: 3, alreadySent: 0 });
    expect(second).toEqual({ activities: 2, sent: 0, alreadySent: 3 });
    const mails = await sentMail();
    expect(mails.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort()).toEqual([
      'volunteerlearner@example.org',
      'volunteersoon1@example.org',
      'volunteersoon2@example.org',
    ]);
    expect(mails.every((m) => m.subject?.startsWith('Reminder: '))).toBe(true);
  });
});
