import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { volunteeringRoutes } from '../../functions/volunteering/api';
import { handler } from '../../functions/volunteering/handler';
import { call, countItems } from '../support/api';
import { expectMalformedBodiesRefused } from '../support/bad-input';
import { confirmationLinkIn, lastMailTo } from '../support/mail';
import { anOpportunity, aShift, hoursFromNow, person, signUp } from '../support/volunteering-fixtures';

/** Bodies of every JSON shape, near misses of a sign-up included (bad emails, phones, skills, types). */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom(
      'name',
      'email',
      'phone',
      'skills',
      'consentToContact',
      'confirmsMinimumAge',
      '__proto__',
    ),
    fc.jsonValue({ maxDepth: 3 }),
  ),
  fc.record(
    {
      name: fc.oneof(fc.string(), fc.constant(''), fc.integer()),
      email: fc.oneof(
        fc.string(),
        fc.emailAddress().map((e) => `${e}@`),
        fc.constant(null),
      ),
      phone: fc.oneof(fc.string(), fc.constant('call me maybe')),
      skills: fc.oneof(fc.array(fc.string(), { maxLength: 30 }), fc.string(), fc.array(fc.integer())),
      consentToContact: fc.oneof(fc.boolean(), fc.string()),
    },
    { requiredKeys: [] },
  ),
);

const publicWrites = volunteeringRoutes.filter(
  (route) => route.auth === 'public' && route.method === 'POST' && 'body' in route.request,
);

describe('bad input on volunteering’s public routes', () => {
  it('covers every public write route that takes a body', () => {
    expect(publicWrites.map((r) => r.operationId).sort()).toEqual([
      'cancelEnrolmentFromPage',
      'cancelSignupFromPage',
      'confirmEnrolment',
      'confirmSignup',
      'enrolInTrainingSession',
      'signUpForShift',
    ]);
  });

  it.each(publicWrites.map((route) => [route.operationId, route] as const))(
    '%s answers only 4xx to malformed bodies and writes nothing',
    async (_name, route) => {
      // Prepare
      const { initiativeId, opportunityId } = await anOpportunity();
      const shift = await aShift(opportunityId, { assurance: 'email' });
      const session = await call(handler, {
        method: 'POST',
        path: '/training-sessions',
        role: 'coordinator',
        body: {
          initiativeId,
          title: { en: 'Workshop' },
          startsAt: hoursFromNow(30),
          endsAt: hoursFromNow(32),
          timeZone: 'UTC',
          capacity: 5,
          skillsGained: ['facilitation'],
        },
      });
      // Seats held for someone, awaiting confirmation: the confirmation routes' targets.
      const holder = person(`bad-input-${route.operationId.toLowerCase()}`);
      await signUp(shift.shiftId, holder);
      const heldSignup = confirmationLinkIn(await lastMailTo(holder.email)).path.split('/')[2] as string;
      await call(handler, {
        method: 'POST',
        path: `/training-sessions/${session.json.sessionId}/enrolments`,
        body: holder,
      });
      const heldEnrolment = confirmationLinkIn(await lastMailTo(holder.email)).path.split('/')[2] as string;
      const path = route.path
        .replace('{shiftId}', shift.shiftId)
        .replace('{sessionId}', session.json.sessionId as string)
        .replace('{signupId}', heldSignup)
        .replace('{enrolmentId}', heldEnrolment);

      // Act & Assess
      const refused = await expectMalformedBodiesRefused(
        (input) => call(handler, { method: 'POST', path, ...input }),
        anyJson,
        { numRuns: 200 },
      );
      expect(refused).toBeGreaterThan(180);
    },
    120_000,
  );

  it.each([
    ['a line break', 'Ana\r\nVisit our refund desk'],
    ['a link', 'Hello … Visit https://phish.example/login'],
    ['500 characters', 'A'.repeat(500)],
  ])(
    'refuses a name with %s with 422 naming the field, writing (and so mailing) nothing',
    async (_what, name) => {
      // Prepare
      const { opportunityId } = await anOpportunity();
      const shift = await aShift(opportunityId);
      const before = await countItems();

      // Act
      const answer = await call(handler, {
        method: 'POST',
        path: `/shifts/${shift.shiftId}/signups`,
        body: { name, email: 'ana@example.org' },
      });

      // Assess
      expect(answer.status).toBe(422);
      expect(answer.json.errors.map((error: { path: string }) => error.path)).toEqual(['body.name']);
      // No sign-up, and no outbox event for the mail consumer to send.
      expect(await countItems()).toBe(before);
    },
  );

  it('answers only 4xx to malformed IDs, tokens and queries, and writes nothing', async () => {
    const before = await countItems();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.dictionary(
          fc.constantFrom('limit', 'cursor', 'skills', 'initiativeId', 'token', 'status'),
          fc.string(),
        ),
        async (id, query) => {
          const segment = encodeURIComponent(id);
          for (const [method, path] of [
            ['GET', '/opportunities'],
            ['GET', `/opportunities/${segment}`],
            ['GET', `/opportunities/${segment}/shifts`],
            ['GET', `/shifts/${segment}`],
            ['GET', `/signups/${segment}`],
            ['DELETE', `/signups/${segment}`],
            ['GET', `/signups/${segment}/confirmation`],
            ['GET', `/enrolments/${segment}/confirmation`],
            ['GET', '/training-sessions'],
            ['DELETE', `/enrolments/${segment}`],
          ] as const) {
            const answer = await call(handler, { method, path, query });
            if (path === '/opportunities' || path === '/training-sessions') {
              expect(answer.status === 200 || (answer.status >= 400 && answer.status < 500)).toBe(true);
            } else {
              expect(answer.status).toBeGreaterThanOrEqual(400);
              expect(answer.status).toBeLessThan(500);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(await countItems()).toBe(before);
  }, 120_000);
});
