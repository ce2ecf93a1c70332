import { describe, expect, it } from 'vitest';
import { dynamoVolunteeringStore } from '../../functions/volunteering/dynamo-store';
import { handler } from '../../functions/volunteering/handler';
import { volunteeringService } from '../../functions/volunteering/service';
import { allItems, call } from '../support/api';
import {
  anOpportunity,
  aShift,
  giveSeatClaimsTime,
  hoursFromNow,
  person,
  ports,
  signUp,
} from '../support/volunteering-fixtures';

async function aSession(fields: Record<string, unknown> = {}) {
  const { initiativeId } = await anOpportunity();
  const created = await call(handler, {
    method: 'POST',
    path: '/training-sessions',
    role: 'coordinator',
    body: {
      initiativeId,
      title: { en: 'First aid for event volunteers' },
      startsAt: hoursFromNow(48),
      endsAt: hoursFromNow(51),
      timeZone: 'Europe/Brussels',
      capacity: 1,
      skillsGained: ['First aid', 'safeguarding'],
      // About seats and completion: counted at once (the holds of `email` sessions: volunteering-holds.test.ts).
      assurance: 'open',
      ...fields,
    },
  });
  if (created.status !== 201) throw new Error(`session: ${created.body}`);
  return { initiativeId, ...(created.json as { sessionId: string; startsAt: string; endsAt: string }) };
}

const enrol = (sessionId: string, body: Record<string, unknown>) =>
  call(handler, { method: 'POST', path: `/training-sessions/${sessionId}/enrolments`, body });

const enrolment = (answer: { json: { enrolmentId: string; cancelToken: string } }) =>
  call(handler, {
    method: 'GET',
    path: `/enrolments/${answer.json.enrolmentId}`,
    query: { token: answer.json.cancelToken },
  });

describe('training sessions', () => {
  // About who gets a seat, not how fast (this file also runs alone: vitest.config.ts).
  giveSeatClaimsTime();

  it('hands out seats and waitlist places exactly as shifts do, in parallel too', async () => {
    // Prepare
    const session = await aSession({ capacity: 3 });

    // Act
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => enrol(session.sessionId, person(`t${i}`))),
    );

    // Assess
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(answers.filter((a) => a.json.status === 'confirmed')).toHaveLength(3);
    expect(
      answers
        .filter((a) => a.json.status === 'waitlisted')
        .map((a) => a.json.position)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    const listed = await call(handler, { method: 'GET', path: `/training-sessions/${session.sessionId}` });
    expect(listed.json).toMatchObject({
      capacity: 3,
      seatsLeft: 0,
      waiting: 27,
      skillsGained: ['first-aid', 'safeguarding'],
    });
  }, 300_000);

  it('promotes the first person waiting when a confirmed participant cancels', async () => {
    // Prepare
    const session = await aSession();
    const first = await enrol(session.sessionId, person('seated'));
    const second = await enrol(session.sessionId, person('next'));

    // Act
    const cancelled = await call(handler, {
      method: 'DELETE',
      path: `/enrolments/${first.json.enrolmentId}`,
      headers: { 'X-Cancel-Token': first.json.cancelToken },
    });

    // Assess
    expect([first.json.status, second.json.status, second.json.position]).toEqual([
      'confirmed',
      'waitlisted',
      1,
    ]);
    expect(cancelled.json).toMatchObject({ status: 'cancelled', promoted: true });
    expect((await enrolment(second)).json.status).toBe('confirmed');
    const promoted = (await allItems()).find(
      (i) =>
        i.detailType === 'TrainingPromoted' &&
        (i.detail as { enrolmentId: string }).enrolmentId === second.json.enrolmentId,
    );
    expect(promoted).toBeDefined();
  });

  it('adds the session’s skills to the participant’s profile on completion and counts it for the initiative', async () => {
    // Prepare
    const session = await aSession({ capacity: 1 });
    const seated = await enrol(session.sessionId, { ...person('learner'), skills: ['cooking'] });
    const waiting = await enrol(session.sessionId, person('waiting-learner'));
    const during = volunteeringService(
      dynamoVolunteeringStore,
      () => new Date(Date.parse(session.startsAt) + 3_600_000),
      ports,
    );
    const before = volunteeringService(
      dynamoVolunteeringStore,
      () => new Date(Date.parse(session.startsAt) - 60_000),
      ports,
    );

    // Act
    const tooEarly = await before.completeTraining(seated.json.enrolmentId).catch((error: Error) => error);
    const completed = await during.completeTraining(seated.json.enrolmentId);
    const twice = await during.completeTraining(seated.json.enrolmentId).catch((error: Error) => error);
    const notSeated = await during.completeTraining(waiting.json.enrolmentId).catch((error: Error) => error);

    // Assess
    expect(tooEarly).toMatchObject({ reason: 'not-started' });
    expect(completed).toMatchObject({ status: 'completed', skills: ['first-aid', 'safeguarding'] });
    expect(twice).toMatchObject({ reason: 'not-confirmed' });
    expect(notSeated).toMatchObject({ reason: 'not-confirmed' });
    const roster = (await allItems()).find(
      (i) => i.type === 'Enrolment' && i.claimId === seated.json.enrolmentId,
    );
    const profile = await call(handler, {
      method: 'GET',
      path: `/volunteers/${roster?.volunteerId}`,
      role: 'coordinator',
    });
    expect(profile.json).toMatchObject({
      skills: ['cooking', 'first-aid', 'safeguarding'],
      trainedSkills: ['first-aid', 'safeguarding'],
    });
    expect(profile.json.trainings).toEqual([
      expect.objectContaining({ enrolmentId: seated.json.enrolmentId, status: 'completed' }),
    ]);
    const sessionNow = await call(handler, {
      method: 'GET',
      path: `/training-sessions/${session.sessionId}`,
    });
    expect(sessionNow.json.completed).toBe(1);
    const event = (await allItems()).find((i) => i.detailType === 'TrainingCompleted');
    expect(event?.detail).toMatchObject({
      sessionId: session.sessionId,
      initiativeId: session.initiativeId,
      skills: ['first-aid', 'safeguarding'],
    });
  });

  it('refuses a session that overlaps a shift the person holds, as one set of commitments', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity();
    const shift = await aShift(opportunityId, { startsAt: hoursFromNow(100), endsAt: hoursFromNow(104) });
    const session = await aSession({ startsAt: hoursFromNow(103), endsAt: hoursFromNow(105) });
    await signUp(shift.shiftId, person('both'));

    // Act
    const clash = await enrol(session.sessionId, person('both'));

    // Assess
    expect(clash.status).toBe(409);
    expect(clash.json.reason).toBe('overlapping-commitment');
  });
});
