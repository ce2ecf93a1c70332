import { describe, expect, it } from 'vitest';
import { handler as impact } from '../../functions/impact/handler';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { handler as summaryJob } from '../../functions/impact/summary-job';
import { handler } from '../../functions/meetings/handler';
import { personalDataHolder } from '../../functions/meetings/published';
import { participantIdentity } from '../../shared/config/secrets';
import { allItems, call } from '../support/api';
import { createDelivery } from '../support/events';
import { aMeeting, register, registrant } from '../support/meetings-fixtures';

const feedLedger = createDelivery(ledger);

describe('a registrant’s meeting data', () => {
  it('reaches the impact ledger as a registration and an attendance of the meeting’s initiative', async () => {
    // Prepare
    const meeting = await aMeeting({ capacity: 5 });
    const person = registrant('ledger');
    const registered = await register(meeting.meetingId, person);
    await call(handler, {
      method: 'POST',
      path: `/registrations/${registered.json.registrationId}/check-in`,
      role: 'coordinator',
      body: {},
    });

    // Act
    await feedLedger();

    // Assess
    const hash = await participantIdentity(person.email);
    const records = (await allItems()).filter(
      (item) => item.kind === 'meeting-registration' || item.kind === 'meeting-attendance',
    );
    expect(records.map((r) => [r.kind, r.initiativeId, r.participantHash]).sort()).toEqual([
      ['meeting-attendance', meeting.initiativeId, hash],
      ['meeting-registration', meeting.initiativeId, hash],
    ]);
    const period = new Date().toISOString().slice(0, 7);
    await summaryJob({ period });
    const summary = await call(impact, {
      method: 'GET',
      path: `/impact/summaries/${period}`,
      query: { initiativeId: meeting.initiativeId },
      role: 'analyst',
    });
    expect(summary.json.figures).toMatchObject({
      meetingRegistrations: 1,
      meetingAttendance: 1,
      uniqueParticipants: 1,
    });
  });

  it('exports a registrant’s registrations with their requests, and erases them: the seat passes on, the counts stay', async () => {
    // Prepare: one seat, the registrant holds it and someone waits
    const meeting = await aMeeting({ capacity: 1 });
    const person = registrant('erase', {
      phone: '+34 600 111 222',
      accommodations: { signLanguage: true, other: 'I use a wheelchair' },
    });
    const held = await register(meeting.meetingId, person);
    const next = await register(meeting.meetingId, registrant('after-erase'));
    const subject = { email: person.email, participantHash: await participantIdentity(person.email) };

    // Act
    const exported = await personalDataHolder.personalDataOf(subject);
    await personalDataHolder.erasePerson(subject, { erasedAs: 'erased-test', now: new Date() });
    await personalDataHolder.erasePerson(subject, { erasedAs: 'erased-test', now: new Date() });

    // Assess
    expect(exported).toEqual([
      {
        entity: 'MeetingRegistration',
        records: [
          expect.objectContaining({
            registrationId: held.json.registrationId,
            email: person.email,
            phone: '+34 600 111 222',
            signLanguage: true,
            otherNeeds: 'I use a wheelchair',
            status: 'confirmed',
          }),
        ],
      },
    ]);
    const traces = [person.email, person.name, '+34 600 111 222', 'wheelchair', subject.participantHash];
    const holding = (await allItems()).filter(
      (item) => item.type !== 'OutboxEvent' && traces.some((t) => JSON.stringify(item).includes(t)),
    );
    expect(holding).toEqual([]);
    const registration = (await allItems()).find((item) => item.claimId === held.json.registrationId);
    expect(registration?.status).toBe('cancelled');
    const view = await call(handler, {
      method: 'GET',
      path: `/registrations/${next.json.registrationId}`,
      headers: { 'X-Cancel-Token': next.json.cancelToken },
    });
    expect(view.json.status).toBe('confirmed');
    expect(await personalDataHolder.personalDataOf(subject)).toEqual([]);
  });
});
