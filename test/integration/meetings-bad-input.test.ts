import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meetingsRoutes } from '../../functions/meetings/api';
import { handler } from '../../functions/meetings/handler';
import { call, countItems } from '../support/api';
import { expectMalformedBodiesRefused } from '../support/bad-input';
import { confirmationLinkIn, lastMailTo } from '../support/mail';
import { aMeeting, register, registrant } from '../support/meetings-fixtures';

/** Bodies of every JSON shape, near misses of a meeting, a registration and the staff bodies included. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom(
      'name',
      'email',
      'phone',
      'consentToContact',
      'accommodations',
      'title',
      'startsAt',
      'format',
      'place',
      'link',
      'capacity',
      'met',
      'message',
      'minutes',
      'outcomes',
      'token',
      'at',
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
      accommodations: fc.oneof(
        fc.record(
          {
            interpreterLanguages: fc.oneof(fc.array(fc.string()), fc.string()),
            childcare: fc.oneof(fc.record({ children: fc.integer() }), fc.integer()),
            other: fc.oneof(fc.string({ minLength: 501, maxLength: 600 }), fc.integer()),
          },
          { requiredKeys: [] },
        ),
        fc.string(),
      ),
      format: fc.oneof(fc.constantFrom('in-person', 'online', 'hybrid', 'zoom'), fc.integer()),
      capacity: fc.oneof(fc.integer({ min: -5, max: 0 }), fc.string()),
    },
    { requiredKeys: [] },
  ),
);

/** Every route of the context that takes a body. */
const withBody = meetingsRoutes.filter((route) => 'body' in route.request);

describe('bad input on the meetings routes', () => {
  it('covers every route that takes a body', () => {
    expect(withBody.map((r) => r.operationId).sort()).toEqual([
      'answerAccommodationRequest',
      'cancelRegistrationFromPage',
      'checkInToMeeting',
      'confirmRegistration',
      'publishMeetingRecord',
      'registerForMeeting',
      'scheduleMeeting',
    ]);
  });

  it.each(withBody.map((route) => [route.operationId, route] as const))(
    '%s answers only 4xx to malformed bodies and writes nothing',
    async (_name, route) => {
      // Prepare: an email meeting with a held registration (the confirmation's target)
      const meeting = await aMeeting({ assurance: 'email' });
      const holder = registrant(`bad-${route.operationId.toLowerCase()}`, {
        accommodations: { signLanguage: true },
      });
      await register(meeting.meetingId, holder);
      const held = confirmationLinkIn(await lastMailTo(holder.email)).path.split('/')[2] as string;
      const path = route.path
        .replace('{engagementId}', meeting.engagementId)
        .replace('{meetingId}', meeting.meetingId)
        .replace('{registrationId}', held);

      // Act & Assess
      const refused = await expectMalformedBodiesRefused(
        (input) =>
          call(handler, {
            method: route.method,
            path,
            ...(route.auth === 'public' ? {} : { role: 'coordinator' as const }),
            ...input,
          }),
        anyJson,
        { numRuns: 150 },
      );
      // The check-in body is optional (`{}` is valid) and an empty-ish object can pass elsewhere too.
      expect(refused).toBeGreaterThan(route.operationId === 'checkInToMeeting' ? 60 : 120);
    },
    120_000,
  );

  it('answers only 4xx to malformed IDs, tokens and queries, and writes nothing', async () => {
    // Prepare
    const before = await countItems();

    // Act & Assess
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.dictionary(
          fc.constantFrom(
            'limit',
            'cursor',
            'initiativeId',
            'engagementId',
            'from',
            'to',
            'feature',
            'token',
          ),
          fc.string(),
        ),
        async (id, query) => {
          const encoded = encodeURIComponent(id);
          for (const path of [
            `/meetings/${encoded}`,
            `/registrations/${encoded}`,
            '/meetings',
            '/meetings.ics',
          ]) {
            const answer = await call(handler, { method: 'GET', path, query });
            if (answer.status >= 300) {
              expect(answer.status).toBeGreaterThanOrEqual(400);
              expect(answer.status).toBeLessThan(500);
            }
          }
          const accommodations = await call(handler, {
            method: 'GET',
            path: `/meetings/${encoded}/accommodations`,
            role: 'coordinator',
          });
          expect(accommodations.status).toBeGreaterThanOrEqual(400);
          expect(accommodations.status).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
    expect(await countItems()).toBe(before);
  });
});
