import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/meetings/handler';
import { allItems, call } from '../support/api';
import { aMeeting, meetingNow, register, registrant } from '../support/meetings-fixtures';
import { giveSeatClaimsTime } from '../support/volunteering-fixtures';

describe('meeting seats under contention', () => {
  // About who gets a seat, not how fast (this file runs alone: vitest.config.ts).
  giveSeatClaimsTime();

  it('confirms exactly 30 of 100 parallel registrations, waitlists 70 in ticket order, and a cancellation promotes the first waiting', async () => {
    // Prepare
    const crowd = 100;
    const meeting = await aMeeting({ capacity: 30 });

    // Act
    const answers = await Promise.all(
      Array.from({ length: crowd }, (_, i) => register(meeting.meetingId, registrant(i))),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Array(crowd).fill(202));
    const confirmed = answers.filter((a) => a.json.status === 'confirmed');
    const waitlisted = answers.filter((a) => a.json.status === 'waitlisted');
    expect(confirmed).toHaveLength(30);
    expect(waitlisted).toHaveLength(crowd - 30);
    expect(waitlisted.map((a) => a.json.position).sort((a, b) => a - b)).toEqual(
      Array.from({ length: crowd - 30 }, (_, i) => i + 1),
    );
    const items = await allItems();
    const registrations = items.filter(
      (item) => item.type === 'MeetingRegistration' && item.activityId === meeting.meetingId,
    );
    // Arrival order is commit order: each waitlisted registration's ticket is the position it was answered.
    const ticketOf = (registrationId: string) =>
      registrations.find((r) => r.claimId === registrationId)?.ticket;
    expect(waitlisted.every((a) => ticketOf(a.json.registrationId) === a.json.position)).toBe(true);
    expect(registrations.filter((r) => r.status === 'confirmed')).toHaveLength(30);
    expect(await meetingNow(meeting.meetingId)).toMatchObject({
      capacity: 30,
      seatsLeft: 0,
      waiting: crowd - 30,
    });

    // Act: one confirmed registrant cancels
    const byPosition = [...waitlisted].sort((a, b) => a.json.position - b.json.position);
    const first = confirmed[0]?.json;
    const cancelled = await call(handler, {
      method: 'DELETE',
      path: `/registrations/${first.registrationId}`,
      headers: { 'X-Cancel-Token': first.cancelToken },
    });

    // Assess
    expect([cancelled.status, cancelled.json.promoted]).toEqual([200, true]);
    const after = (await allItems()).filter((item) => item.type === 'MeetingRegistration');
    const statusOf = (id: string) => after.find((r) => r.claimId === id)?.status;
    expect(statusOf(byPosition[0]?.json.registrationId)).toBe('confirmed');
    expect(statusOf(byPosition[1]?.json.registrationId)).toBe('waitlisted');
    const second = byPosition[1]?.json;
    const view = await call(handler, {
      method: 'GET',
      path: `/registrations/${second.registrationId}`,
      query: { token: second.cancelToken },
    });
    expect(view.json).toMatchObject({ status: 'waitlisted', position: 1 });
  }, 600_000);
});
