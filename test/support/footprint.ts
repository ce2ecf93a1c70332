import { expect } from 'vitest';
import { handler as batches } from '../../functions/batches/handler';
import { handler as evaluation } from '../../functions/evaluation/handler';
import { handler as participation } from '../../functions/participation/handler';
import { handler as surveys } from '../../functions/surveys/handler';
import { handler as volunteering } from '../../functions/volunteering/handler';
import { call } from './api';
import { openEngagement, pendingVote } from './fixtures';
import { confirmationLinkIn, lastMailTo } from './mail';
import { createOrganization } from './partnership-fixtures';
import { createSurvey } from './survey-fixtures';
import { anOpportunity, aShift, aTrainingSession } from './volunteering-fixtures';

/** Someone who takes part: the traces a table scan looks for after they leave a footprint. */
export interface Resident {
  name: string;
  email: string;
  phone: string;
}

/** What a footprint made, so tests can look at each piece. */
export interface Footprint {
  engagementId: string;
  contributionId: string;
  surveyId: string;
  batchId: string;
  shiftId: string;
  signupId: string;
  sessionId: string;
  enrolmentId: string;
  subscriptionId: string;
}

/**
 * One resident takes part in every context that keeps personal data, through the public API (and
 * staff routes where only staff act): an idea with contact consent and a confirmed vote on it, a
 * survey response under `email` assurance with a shared profile and a free-text answer, a paper
 * response to the same survey keyed into a batch and not committed yet, a sign-up
 * with verified hours, a training enrolment, an organisation naming them as contact (unless
 * `asOrganizationContact` is false), and a digest subscription. The impact ledger is fed by the
 * caller (it needs the outbox events delivered).
 */
export async function leaveAFootprint(
  resident: Resident,
  options: { asOrganizationContact?: boolean } = {},
): Promise<Footprint> {
  // Participation: an idea with contact consent, and a confirmed vote.
  const { engagementId } = await openEngagement();
  const idea = await call(participation, {
    method: 'POST',
    path: `/engagements/${engagementId}/contributions`,
    body: {
      kind: 'idea',
      title: 'Benches along the river',
      body: `Signed, ${resident.name}`,
      participant: { email: resident.email, name: resident.name, consentToContact: true },
    },
  });
  expect(idea.status, idea.body).toBe(201);
  const contributionId = idea.json.contributionId as string;
  const vote = await pendingVote(contributionId, resident.email);
  expect(
    (await call(participation, { method: 'POST', path: vote.path, body: { token: vote.token } })).status,
  ).toBe(200);

  // Surveys: a response under `email` assurance, with a free-text answer naming the person.
  const { surveyId } = await createSurvey(
    [{ type: 'text', id: 'comment', long: true, title: { en: 'Anything else?' } }],
    'published',
    { en: 'Park survey' },
    'email',
  );
  const response = await call(surveys, {
    method: 'POST',
    path: `/surveys/${surveyId}/responses`,
    body: {
      email: resident.email,
      answers: { comment: `Call me: ${resident.phone}` },
      respondent: { consent: true, neighbourhood: 'Riverside', ageBand: '25-34', language: 'en' },
    },
  });
  expect(response.status, response.body).toBe(202);
  const confirmation = confirmationLinkIn(await lastMailTo(resident.email));
  const confirmed = await call(surveys, {
    method: 'POST',
    path: confirmation.path,
    body: { token: confirmation.token },
  });
  expect(confirmed.status, confirmed.body).toBe(200);

  // Batches: a paper response keyed by staff, waiting in its row (the batch is never committed).
  const declared = await call(batches, {
    method: 'POST',
    path: '/batches',
    role: 'coordinator',
    body: {
      channel: 'paper',
      holds: { kind: 'survey-responses', surveyId },
      collectedAt: '2026-05-10T14:00:00+02:00',
      place: 'Riverside library',
      collectedBy: 'Outreach team',
      declaredRows: 2,
    },
  });
  expect(declared.status, declared.body).toBe(201);
  const batchId = declared.json.batchId as string;
  const keyed = await call(batches, {
    method: 'POST',
    path: `/batches/${batchId}/rows`,
    role: 'coordinator',
    body: {
      rows: [
        { rowNumber: 1, data: { email: resident.email, answers: { comment: `From ${resident.name}` } } },
      ],
    },
  });
  expect(keyed.status, keyed.body).toBe(200);

  // Volunteering: a sign-up on an `open` shift, worked and verified, and an enrolment.
  const { opportunityId, initiativeId } = await anOpportunity();
  const shift = await aShift(opportunityId);
  const signup = await call(volunteering, {
    method: 'POST',
    path: `/shifts/${shift.shiftId}/signups`,
    body: { ...resident, consentToContact: true },
  });
  expect(signup.status, signup.body).toBe(202);
  const signupId = signup.json.signupId as string;
  for (const [step, at] of [
    ['check-in', shift.startsAt],
    ['check-out', shift.endsAt],
  ] as const) {
    const attended = await call(volunteering, {
      method: 'POST',
      path: `/signups/${signupId}/${step}`,
      role: 'coordinator',
      body: { at },
    });
    expect(attended.status, attended.body).toBe(200);
  }
  const session = await aTrainingSession(initiativeId);
  const enrolled = await call(volunteering, {
    method: 'POST',
    path: `/training-sessions/${session.sessionId}/enrolments`,
    body: { ...resident, consentToContact: true },
  });
  expect(enrolled.status, enrolled.body).toBe(202);

  // Partnerships: the resident as an organisation's contact person.
  if (options.asOrganizationContact !== false) await createOrganization({ contact: resident });

  // Evaluation: a digest subscription, with the resident's address.
  const subscribed = await call(evaluation, {
    method: 'POST',
    path: '/digest-subscriptions',
    role: 'admin',
    body: { email: resident.email, frequency: 'weekly', language: 'en' },
  });
  expect(subscribed.status, subscribed.body).toBe(201);

  return {
    engagementId,
    contributionId,
    surveyId,
    batchId,
    shiftId: shift.shiftId,
    signupId,
    sessionId: session.sessionId,
    enrolmentId: enrolled.json.enrolmentId as string,
    subscriptionId: subscribed.json.subscriptionId as string,
  };
}
