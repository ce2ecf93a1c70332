import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partnershipRoutes } from '../../functions/partnerships/api';
import { expectMalformedBodiesRefused } from '../support/bad-input';
import { activePartnership, partnershipsApi } from '../support/partnership-fixtures';

/** Keys the partnership routes read, so generated objects get past "unknown shape" and hit the rules. */
const knownKeys = [
  'name',
  'type',
  'contact',
  'website',
  'neighbourhoods',
  'publicDirectoryConsent',
  'organizationIds',
  'initiativeIds',
  'goals',
  'roles',
  'startDate',
  'endDate',
  'status',
  'note',
  'expectedVersion',
  'kind',
  'organizationId',
  'initiativeId',
  'amount',
  'estimatedValue',
  'hours',
  'date',
  'description',
  '__proto__',
];

const nearlyMoney = fc.record(
  {
    amount: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
    currency: fc.oneof(fc.constantFrom('EUR', 'usd', 'XXX', 'EURO', ''), fc.string()),
  },
  { requiredKeys: [] },
);

/** Values of every JSON shape, plus near-misses of the real bodies (wrong types, bad money, bad dates). */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.constantFrom(...knownKeys), fc.jsonValue({ maxDepth: 3 })),
  fc.record(
    {
      kind: fc.oneof(fc.constantFrom('money', 'inKind', 'staffHours', 'citySpend'), fc.string()),
      amount: nearlyMoney,
      estimatedValue: nearlyMoney,
      hours: fc.oneof(fc.double(), fc.integer({ min: -5, max: 5 }), fc.constant(0.001)),
      date: fc.oneof(fc.constantFrom('2026-02-30', '26-01-01', '2026-13-01', ''), fc.string()),
      organizationId: fc.oneof(fc.string(), fc.constant('01ARZ3NDEKTSV4RRFFQ69G5FAV')),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      name: fc.oneof(fc.string({ maxLength: 300 }), fc.integer(), fc.constant(null)),
      type: fc.oneof(fc.constantFrom('non-profit', 'club'), fc.string()),
      neighbourhoods: fc.oneof(fc.array(fc.string()), fc.constant(['Old Town', 'old town']), fc.string()),
      website: fc.oneof(fc.constantFrom('ftp://x.org', 'javascript:alert(1)', 'not a url'), fc.string()),
      publicDirectoryConsent: fc.oneof(fc.string(), fc.integer()),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      expectedVersion: fc.oneof(fc.integer({ min: -3, max: 0 }), fc.double(), fc.string()),
      status: fc.oneof(fc.constantFrom('active', 'archived'), fc.string()),
      note: fc.oneof(fc.string({ maxLength: 2 }), fc.integer()),
      organizationIds: fc.oneof(fc.array(fc.string()), fc.constant([]), fc.string()),
      startDate: fc.string(),
      endDate: fc.constantFrom('2026-01-01', '2020-02-30', null),
    },
    { requiredKeys: [] },
  ),
);

const writes = partnershipRoutes.filter((route) => route.method !== 'GET');

describe('bad input on partnership routes', () => {
  it('covers every write route', () => {
    expect(writes.map((route) => route.operationId).sort()).toEqual([
      'changePartnership',
      'createOrganization',
      'createPartnership',
      'recordPartnerContribution',
      'updateOrganization',
    ]);
  });

  it.each(writes.map((route) => [route.operationId, route] as const))(
    '%s answers only 4xx to malformed bodies and writes nothing',
    async (_name, route) => {
      // Prepare
      const { partnershipId, organizationIds } = await activePartnership();
      const path = route.path
        .replace('{partnershipId}', partnershipId)
        .replace('{organizationId}', organizationIds[0] as string);

      // Act & Assess
      const refused = await expectMalformedBodiesRefused(
        (input) => partnershipsApi(route.method, path, input),
        anyJson,
        { numRuns: 150, problemJson: true },
      );
      expect(refused).toBeGreaterThan(140);
    },
    120_000,
  );

  it('answers only 4xx to malformed directory queries and path IDs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('name', 'type', 'neighbourhood', 'limit', 'cursor', 'other'),
          fc.string(),
        ),
        fc.string({ minLength: 1 }),
        async (query, id) => {
          // Act
          const listed = await partnershipsApi('GET', '/organizations', { query, role: 'anonymous' });
          const read = await partnershipsApi('GET', `/partnerships/${encodeURIComponent(id)}`);

          // Assess
          expect(listed.status === 200 || (listed.status >= 400 && listed.status < 500)).toBe(true);
          expect(read.status).toBeGreaterThanOrEqual(400);
          expect(read.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
