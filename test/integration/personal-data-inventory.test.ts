import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contexts } from '../../functions/contexts';
import { handler as evaluation } from '../../functions/evaluation/handler';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { handler as participation } from '../../functions/participation/handler';
import { handler as surveys } from '../../functions/surveys/handler';
import { handler as volunteering } from '../../functions/volunteering/handler';
import { privacyDocumentPath, renderPrivacyDocument } from '../../infra/write-privacy';
import { participantIdentity } from '../../shared/config/secrets';
import type { PersonalDataDeclaration } from '../../shared/privacy/personal-data';
import { allItems, call } from '../support/api';
import { createDelivery } from '../support/events';
import { openEngagement, pendingVote } from '../support/fixtures';
import { confirmationLinkIn, lastMailTo } from '../support/mail';
import { createOrganization } from '../support/partnership-fixtures';
import { createSurvey } from '../support/survey-fixtures';
import { anOpportunity, aShift, aTrainingSession } from '../support/volunteering-fixtures';

/**
 * The data inventory is complete: one resident leaves a footprint through the API in every
 * context that takes personal data, then every attribute of every item that holds any of it —
 * their address, name, phone, or the keyed hash of their address — must be named by a
 * declaration (`ContextDeclaration.personalData`) of that item's entity.
 */

const resident = {
  name: 'Zelda Quartermain',
  email: 'zelda.quartermain@example.org',
  phone: '+32 470 99 88 77',
};

const declarations: PersonalDataDeclaration[] = contexts.flatMap((context) => [
  ...(context.personalData ?? []),
]);

/** Whether a declared path (`contact.email`, `answers.*`) names this attribute path. */
function declares(pattern: string, path: string): boolean {
  const want = pattern.split('.');
  const have = path.split('.');
  return want.length <= have.length && want.every((part, index) => part === '*' || part === have[index]);
}

/** Every attribute path of an item (arrays by index) with the string it holds. */
function leaves(value: unknown, path: string[] = []): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path: path.join('.'), text: value }];
  if (Array.isArray(value)) return value.flatMap((entry, index) => leaves(entry, [...path, String(index)]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, entry]) => leaves(entry, [...path, key]));
  return [];
}

async function leaveAFootprint(): Promise<void> {
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
  const vote = await pendingVote(idea.json.contributionId as string, resident.email);
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

  // Volunteering: a sign-up on an `open` shift and an enrolment on an `open` session.
  const { opportunityId, initiativeId } = await anOpportunity();
  const { shiftId } = await aShift(opportunityId);
  const signup = await call(volunteering, {
    method: 'POST',
    path: `/shifts/${shiftId}/signups`,
    body: { ...resident, consentToContact: true },
  });
  expect(signup.status, signup.body).toBe(202);
  const session = await aTrainingSession(initiativeId);
  const enrolled = await call(volunteering, {
    method: 'POST',
    path: `/training-sessions/${session.sessionId}/enrolments`,
    body: { ...resident, consentToContact: true },
  });
  expect(enrolled.status, enrolled.body).toBe(202);

  // Partnerships: the resident as an organisation's contact person.
  await createOrganization({ contact: resident });

  // Evaluation: a staff member's digest subscription, with the resident's address standing in.
  const subscribed = await call(evaluation, {
    method: 'POST',
    path: '/digest-subscriptions',
    role: 'admin',
    body: { email: resident.email, frequency: 'weekly', language: 'en' },
  });
  expect(subscribed.status, subscribed.body).toBe(201);

  // Impact: the ledger sees every event the footprint raised.
  await createDelivery(ledger)();
}

describe('the personal data inventory', () => {
  it('names every attribute in which a resident’s data is stored', async () => {
    // Prepare
    await leaveAFootprint();
    const identity = await participantIdentity(resident.email);
    const traces = [
      resident.email,
      encodeURIComponent(resident.email),
      resident.name,
      resident.phone,
      identity,
    ];

    // Act
    const found = (await allItems()).flatMap((item) =>
      leaves(item)
        .filter(({ text }) => traces.some((trace) => text.toLowerCase().includes(trace.toLowerCase())))
        .map(({ path }) => ({ entity: String(item.type ?? item.pk), path })),
    );
    const undeclared = found.filter(
      ({ entity, path }) =>
        !declarations.some(
          (declaration) =>
            declaration.entity === entity &&
            [...declaration.fields, ...(declaration.identity ?? [])].some((pattern) =>
              declares(pattern, path),
            ),
        ),
    );

    // Assess
    expect(found.length).toBeGreaterThan(10);
    expect([...new Set(undeclared.map(({ entity, path }) => `${entity}: ${path}`))]).toEqual([]);
  });

  it('declares each entity once, with a purpose, a retention and who reads it', () => {
    // Act
    const entities = declarations.map((declaration) => declaration.entity);

    // Assess
    expect(new Set(entities).size).toBe(entities.length);
    for (const declaration of declarations) {
      expect(declaration.purpose.length, declaration.entity).toBeGreaterThan(20);
      expect(declaration.retentionDays, declaration.entity).toBeGreaterThan(0);
      expect(
        declaration.fields.length + (declaration.identity?.length ?? 0),
        declaration.entity,
      ).toBeGreaterThan(0);
    }
  });

  it('is current in docs/privacy.md (run `npm run privacy` after changing a declaration)', () => {
    expect(readFileSync(privacyDocumentPath, 'utf8')).toBe(renderPrivacyDocument());
  });
});
