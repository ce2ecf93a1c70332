import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { petitionsRoutes } from '../../functions/petitions/api';
import { handler } from '../../functions/petitions/handler';
import { type ApiResponse, call, countItems } from '../support/api';
import { expectMalformedBodiesRefused } from '../support/bad-input';
import { confirmationLinkIn, lastMailTo } from '../support/mail';
import { aDraft, aResident, publishedPetition, usePetitionSettings } from '../support/petition-fixtures';

usePetitionSettings();

/** Bodies of every JSON shape, and near misses of a draft, a signature and the staff bodies. */
const nearMissText = fc.oneof(
  fc.string(),
  fc.constant(''),
  fc.integer(),
  fc.string({ minLength: 1001, maxLength: 1100 }),
  fc.constant('\u0000\u202e<script>'),
);
const nearMissSigner = fc.record(
  {
    name: nearMissText,
    email: fc.oneof(
      fc.string(),
      fc.emailAddress().map((e) => `${e}@`),
      fc.constant(null),
    ),
    neighbourhood: fc.oneof(fc.constantFrom('Riverside', 'Atlantis', ''), fc.integer()),
    consentToHearAboutResponse: fc.oneof(fc.boolean(), fc.string()),
  },
  { requiredKeys: [] },
);
const nearMissInstant = fc.oneof(
  fc.string(),
  fc.constantFrom('2026-13-01T00:00:00Z', '2026-01-01', '2026-01-01T00:00:00+25:00'),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom(
      'title',
      'action',
      'text',
      'petitionType',
      'neighbourhood',
      'initiativeId',
      'language',
      'creator',
      'name',
      'email',
      'consentToHearAboutResponse',
      'decision',
      'reason',
      'note',
      'link',
      'outcome',
      'token',
      'criteria',
      '__proto__',
    ),
    fc.jsonValue({ maxDepth: 3 }),
  ),
  // A draft
  fc.record(
    {
      title: nearMissText,
      action: nearMissText,
      text: nearMissText,
      petitionType: fc.oneof(fc.constantFrom('city', 'neighbourhood', 'Nope', 'x'), fc.integer()),
      neighbourhood: fc.oneof(fc.constantFrom('Riverside', 'Atlantis'), fc.integer()),
      initiativeId: fc.oneof(fc.string(), fc.constant('01ARZ3NDEKTSV4RRFFQ69G5FAV')),
      language: fc.oneof(fc.constantFrom('en', 'es-MX', 'EN', 'english'), fc.string()),
      creator: fc.oneof(nearMissSigner, fc.string(), fc.constant(null)),
    },
    { requiredKeys: [] },
  ),
  // A signature
  nearMissSigner,
  // Moderation and the city's answer
  fc.record(
    {
      decision: fc.oneof(fc.constantFrom('reject', 'REJECT', 'delete'), fc.integer()),
      reason: fc.oneof(fc.constantFrom('duplicate', 'other', 'because'), fc.integer()),
      note: nearMissText,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      text: nearMissText,
      link: fc.oneof(
        fc.webUrl(),
        fc.constantFrom('http://example.org', 'https://', 'javascript:alert(1)', 'https://exa mple.org'),
        fc.string(),
      ),
      outcome: fc.oneof(fc.string(), fc.integer()),
    },
    { requiredKeys: [] },
  ),
  // Invalidation
  fc.record(
    {
      reason: nearMissText,
      criteria: fc.oneof(
        fc.record(
          {
            emailDomain: fc.oneof(fc.domain(), fc.string(), fc.integer()),
            confirmedFrom: nearMissInstant,
            confirmedTo: nearMissInstant,
            ipHash: fc.oneof(fc.string(), fc.string({ minLength: 43, maxLength: 43 })),
            sourceIp: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()),
            batchId: fc.string(),
            surprise: fc.string(),
          },
          { requiredKeys: [] },
        ),
        fc.string(),
        fc.constant(null),
      ),
    },
    { requiredKeys: [] },
  ),
  // A token (confirmation and unsubscription)
  fc.record({ token: fc.oneof(fc.string(), fc.integer(), fc.string({ minLength: 201, maxLength: 210 })) }),
);

/** Cursors that decode (base64url JSON) but were never issued: keys of other lists, other types. */
const foreignCursor = fc
  .oneof(
    fc.dictionary(
      fc.constantFrom('pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'),
      fc.oneof(fc.string(), fc.constantFrom('PETITIONS', 'META', 'published#01J0000000000000000000000K')),
    ),
    fc.jsonValue({ maxDepth: 2 }),
  )
  .map((key) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url'));

/** Every route of the context that takes a body. */
const withBody = petitionsRoutes.filter((route) => 'body' in route.request);

/** The role each staff route lets through (invalidation is for admins). */
const callerOf = (auth: (typeof petitionsRoutes)[number]['auth']) =>
  typeof auth === 'object' ? { role: auth.roles[0] ?? 'admin' } : {};

/** A published petition with one signature waiting for its confirmation: every ID a route names. */
async function aPetitionWithAPendingSignature(label: string) {
  const { petitionId } = await publishedPetition();
  const signer = { ...aResident(`Bad ${label}`), consentToHearAboutResponse: true };
  const signed = await call(handler, {
    method: 'POST',
    path: `/petitions/${petitionId}/signatures`,
    body: signer,
  });
  if (signed.status !== 202) throw new Error(`Signature refused: ${signed.status} ${signed.body}`);
  const link = confirmationLinkIn(await lastMailTo(signer.email));
  return { petitionId, signatureId: link.path.split('/')[2] as string };
}

const expectRefusal = (answer: ApiResponse, what: string) => {
  if (answer.status < 300) return;
  expect(answer.status, `${what}: ${answer.body}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${what}: ${answer.body}`).toBeLessThan(500);
};

describe('bad input on the petitions routes', () => {
  it('covers every route that takes a body', () => {
    expect(withBody.map((r) => r.operationId).sort()).toEqual([
      'answerPetition',
      'confirmSignature',
      'draftPetition',
      'invalidateSignatures',
      'moderatePetition',
      'signPetition',
      'unsubscribeSignatureByForm',
    ]);
  });

  it.each(withBody.map((route) => [route.operationId, route] as const))(
    '%s answers only 4xx to malformed bodies and writes nothing',
    async (_name, route) => {
      // Prepare
      const { petitionId, signatureId } = await aPetitionWithAPendingSignature(route.operationId);
      const path = route.path.replace('{petitionId}', petitionId).replace('{signatureId}', signatureId);

      // Act & Assess
      const refused = await expectMalformedBodiesRefused(
        (input) => call(handler, { method: route.method, path, ...callerOf(route.auth), ...input }),
        anyJson,
        { numRuns: 100 },
      );
      // The generator makes a valid body now and then (extra keys are dropped): nearly all are refused.
      expect(refused).toBeGreaterThan(80);
    },
    60_000,
  );

  it('answers only 4xx to malformed IDs, tokens and queries, and writes nothing', async () => {
    // Prepare
    const { petitionId, signatureId } = await aPetitionWithAPendingSignature('ids');
    const before = await countItems();

    // Act & Assess
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ minLength: 1 }), fc.constant(petitionId), fc.constant(signatureId)),
        fc.dictionary(
          fc.constantFrom('limit', 'cursor', 'status', 'initiativeId', 'neighbourhood', 'token', 'dryRun'),
          fc.oneof(
            fc.string(),
            fc.constantFrom('0', '-1', '101', '1e3', 'published', 'unconfirmed', 'true', 'yes'),
            foreignCursor,
          ),
        ),
        async (id, query) => {
          const encoded = encodeURIComponent(id);
          for (const path of [
            '/petitions',
            `/petitions/${encoded}`,
            `/petition-signatures/${encoded}/confirmation`,
            `/petition-signatures/${encoded}/unsubscribe`,
          ])
            expectRefusal(await call(handler, { method: 'GET', path, query }), `GET ${path}`);
          expectRefusal(
            await call(handler, {
              method: 'GET',
              path: `/petitions/${encoded}/invalidations`,
              query,
              role: 'coordinator',
            }),
            'GET invalidations',
          );
          // The one-click unsubscribe takes its token from the query, and ignores any body.
          const unsubscribed = await call(handler, {
            method: 'POST',
            path: `/petition-signatures/${encoded}/unsubscribe`,
            query,
            rawBody: 'List-Unsubscribe=One-Click',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          });
          expect(unsubscribed.status).toBeGreaterThanOrEqual(400);
          expect(unsubscribed.status).toBeLessThan(500);
          // A well-formed body on a malformed ID (and a malformed `dryRun`) is refused too.
          const invalidated = await call(handler, {
            method: 'POST',
            path: `/petitions/${encoded}/invalidations`,
            query,
            role: 'admin',
            body: { reason: 'Bad input test', criteria: { emailDomain: 'example.invalid' } },
          });
          expectRefusal(invalidated, 'POST invalidations');
        },
      ),
      { numRuns: 100 },
    );
    expect(await countItems()).toBe(before);
  }, 60_000);

  it('refuses a draft whose type needs a neighbourhood and names none, and writes nothing', async () => {
    // Prepare: the type's thresholds are shares of the neighbourhood's residents
    const before = await countItems();

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: '/petitions',
      body: aDraft({ petitionType: 'neighbourhood' }),
    });

    // Assess: not a petition that gathers sponsors and can never be published
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((error: { path: string }) => error.path)).toEqual(['body.neighbourhood']);
    expect(await countItems()).toBe(before);
  });
});
