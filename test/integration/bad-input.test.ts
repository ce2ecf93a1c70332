import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/participation/handler';
import { participationRoutes } from '../../functions/participation/routes';
import { call, countItems } from '../support/api';
import { publishedIdea } from '../support/fixtures';

/** Values of every JSON shape, including the awkward ones (huge numbers, nested junk, prototype keys). */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom('kind', 'title', 'body', 'parentId', 'participant', '__proto__', 'language'),
    fc.jsonValue({ maxDepth: 3 }),
  ),
  fc.record(
    {
      kind: fc.oneof(fc.constantFrom('idea', 'comment', 'proposal'), fc.string()),
      title: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      body: fc.oneof(fc.string(), fc.constant('')),
      participant: fc.oneof(fc.record({ email: fc.string() }), fc.string(), fc.constant(null)),
    },
    { requiredKeys: [] },
  ),
);

/** Raw bodies that are not what a client should send: broken JSON, random text, random forms. */
const anyRawBody = fc.oneof(
  fc.string().map((text) => ({ rawBody: text, headers: { 'Content-Type': 'application/json' } })),
  fc
    .string()
    .map((text) => ({ rawBody: text, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })),
  fc.string().map((text) => ({
    rawBody: text,
    headers: {
      'Content-Type': fc.sample(fc.constantFrom('text/plain', 'application/xml', ''), 1)[0] as string,
    },
  })),
);

const publicWrites = participationRoutes.filter((route) => route.auth === 'public' && route.method !== 'GET');

describe('bad input on public routes', () => {
  it('covers every public write route', () => {
    expect(publicWrites.map((r) => r.operationId).sort()).toEqual(['castVote', 'submitContribution']);
  });

  it.each(publicWrites.map((route) => [route.operationId, route] as const))(
    '%s answers only 4xx to malformed bodies and writes nothing',
    async (_name, route) => {
      // Prepare
      const { engagementId, contributionId } = await publishedIdea();
      const path = route.path
        .replace('{engagementId}', engagementId)
        .replace('{contributionId}', contributionId);

      // Act & Assess
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            anyJson.map((body) => ({ body })),
            anyRawBody,
          ),
          async (input) => {
            const before = await countItems();
            const answer = await call(handler, { method: 'POST', path, ...input });
            // A generated body can be valid by chance (a well-formed comment): only refusals are judged.
            if (answer.status < 300) return;
            refused++;
            expect(answer.status).toBeGreaterThanOrEqual(400);
            expect(answer.status).toBeLessThan(500);
            expect(await countItems()).toBe(before);
          },
        ),
        { numRuns: 300 },
      );
      expect(refused).toBeGreaterThan(250);
    },
    120_000,
  );

  it('answers only 4xx to malformed path parameters and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.dictionary(fc.constantFrom('limit', 'cursor', 'parentId', 'order', 'initiativeId'), fc.string()),
        async (id, query) => {
          const segment = encodeURIComponent(id);
          for (const path of [
            `/initiatives/${segment}`,
            `/engagements/${segment}`,
            `/engagements/${segment}/contributions`,
          ]) {
            const answer = await call(handler, { method: 'GET', path, query });
            expect(answer.status).toBeGreaterThanOrEqual(400);
            expect(answer.status).toBeLessThan(500);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
