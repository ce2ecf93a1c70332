import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { organizationTypes } from '../../functions/partnerships/schemas';
import type { ApiResponse } from '../support/api';
import { partnershipsApi } from '../support/partnership-fixtures';

/** What the test knows about each organisation it made: the truth the directory is checked against. */
interface Known {
  organizationId: string;
  version: number;
  name: string;
  type: string;
  neighbourhoods: string[];
  consents: boolean;
}

// A reference of the matching rules, written independently of the key builders.
const fold = (text: string) =>
  text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
const sameNeighbourhood = (a: string, b: string) =>
  a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

interface Filter {
  name?: string;
  type?: string;
  neighbourhood?: string;
}

const matches = (organization: Known, filter: Filter) =>
  (filter.type === undefined || organization.type === filter.type) &&
  (filter.neighbourhood === undefined ||
    organization.neighbourhoods.some((n) => sameNeighbourhood(n, filter.neighbourhood as string))) &&
  (filter.name === undefined || fold(organization.name).startsWith(fold(filter.name)));

const names = fc.constantFrom(
  'Café Solidaire',
  'cafe solidaire annex',
  'CAFÉ  Crème',
  'Riverside Food Bank',
  'riverside youth club',
  'River#Side 100%',
  'Ærøskøbing Friends',
  'St. Mary’s School',
  'Old Town Residents',
  'Zébra Théâtre',
);
const neighbourhoodPool = ['Riverside', 'Old Town', 'Harbour', 'Hill#Top %'];
/** How a resident might type a neighbourhood: other case, extra spaces. */
const spelledLike = (neighbourhood: string) =>
  fc.constantFrom(
    neighbourhood,
    neighbourhood.toUpperCase(),
    ` ${neighbourhood.toLowerCase().replace(' ', '   ')} `,
  );

const newOrganization = fc.record({
  name: names,
  type: fc.constantFrom(...organizationTypes),
  neighbourhoods: fc.subarray(neighbourhoodPool),
  consents: fc.boolean(),
});

const anyFilter: fc.Arbitrary<Filter> = fc.record(
  {
    name: fc.oneof(
      names.chain((name) => fc.integer({ min: 1, max: name.length }).map((end) => name.slice(0, end))),
      names.map((name) => name.toUpperCase().slice(0, 4)),
      fc.constant('no such name'),
    ),
    type: fc.constantFrom(...organizationTypes),
    neighbourhood: fc.constantFrom(...neighbourhoodPool).chain(spelledLike),
  },
  { requiredKeys: [] },
);

async function everyPage(path: string, filter: Filter, limit: number, role: 'anonymous' | 'analyst') {
  const ids: string[] = [];
  const answers: ApiResponse[] = [];
  let cursor: string | undefined;
  do {
    const query: Record<string, string> = { limit: String(limit) };
    for (const [name, value] of Object.entries(filter)) if (value !== undefined) query[name] = value;
    if (cursor) query.cursor = cursor;
    const page = await partnershipsApi('GET', path, { query, role });
    expect(page.status).toBe(200);
    answers.push(page);
    ids.push(...page.json.items.map((item: { organizationId: string }) => item.organizationId));
    cursor = page.json.nextCursor;
  } while (cursor);
  return { ids, answers };
}

describe('public partner directory', () => {
  it('never shows a non-consenting organisation, under any filter or page size, and shows every consenting match', async () => {
    const known: Known[] = [];

    await fc.assert(
      fc.asyncProperty(
        fc.array(newOrganization, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(anyFilter, { minLength: 3, maxLength: 3 }),
        async (created, toggles, limit, someFilters) => {
          // Prepare: new organisations, then some change their mind about the directory.
          for (const organization of created) {
            const answer = await partnershipsApi('POST', '/organizations', {
              body: {
                name: organization.name,
                type: organization.type,
                neighbourhoods: organization.neighbourhoods,
                contact: { email: 'private@example.org' },
                publicDirectoryConsent: organization.consents,
              },
            });
            expect(answer.status).toBe(201);
            known.push({ ...organization, organizationId: answer.json.organizationId, version: 1 });
          }
          for (const toggle of toggles) {
            const organization = known[toggle % known.length] as Known;
            const answer = await partnershipsApi('PATCH', `/organizations/${organization.organizationId}`, {
              body: { expectedVersion: organization.version, publicDirectoryConsent: !organization.consents },
            });
            expect(answer.status).toBe(200);
            organization.consents = !organization.consents;
            organization.version = answer.json.version;
          }
          const filters: Filter[] = [{}, ...someFilters];

          for (const filter of filters) {
            // Act
            const shown = await everyPage('/organizations', filter, limit, 'anonymous');
            const staff = await everyPage('/organizations/all', filter, limit, 'analyst');

            // Assess
            const consenting = known
              .filter((o) => o.consents && matches(o, filter))
              .map((o) => o.organizationId);
            const every = known.filter((o) => matches(o, filter)).map((o) => o.organizationId);
            expect(shown.ids.sort()).toEqual(consenting.sort());
            expect(staff.ids.sort()).toEqual(every.sort());
            for (const page of shown.answers)
              for (const entry of page.json.items) {
                expect(entry).not.toHaveProperty('contact');
                expect(entry).not.toHaveProperty('publicDirectoryConsent');
                expect(entry).not.toHaveProperty('version');
              }
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});
