import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { participationRoutes } from '../../functions/participation/api';
import { handler } from '../../functions/participation/handler';
import { call } from '../support/api';
import { expectMalformedBodiesRefused } from '../support/bad-input';
import { pendingVote, publishedIdea } from '../support/fixtures';

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

const publicWrites = participationRoutes.filter((route) => route.auth === 'public' && route.method !== 'GET');

describe('bad input on public routes', () => {
  it('covers every public write route', () => {
    expect(publicWrites.map((r) => r.operationId).sort()).toEqual([
      'castVote',
      'confirmVote',
      'submitContribution',
    ]);
  });

  it.each(publicWrites.map((route) => [route.operationId, route] as const))(
    '%s answers only 4xx to malformed bodies and writes nothing',
    async (_name, route) => {
      // Prepare
      const { engagementId, contributionId } = await publishedIdea();
      const { voteId } = await pendingVote(contributionId, 'pending@example.org');
      const path = route.path
        .replace('{engagementId}', engagementId)
        .replace('{contributionId}', contributionId)
        .replace('{voteId}', voteId);

      // Act & Assess
      const refused = await expectMalformedBodiesRefused(
        (input) => call(handler, { method: 'POST', path, ...input }),
        anyJson,
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
        fc.dictionary(
          fc.constantFrom('limit', 'cursor', 'parentId', 'order', 'initiativeId', 'token'),
          fc.string(),
        ),
        async (id, query) => {
          const segment = encodeURIComponent(id);
          for (const path of [
            `/initiatives/${segment}`,
            `/engagements/${segment}`,
            `/engagements/${segment}/contributions`,
            `/votes/${segment}/confirmation`,
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
