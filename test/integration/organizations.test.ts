import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allItems, countItems } from '../support/api';
import { createOrganization, organizationBody, partnershipsApi } from '../support/partnership-fixtures';

/** Each test works in a neighbourhood of its own, so tests sharing the file's table never see each other. */
const freshNeighbourhood = () => `Hood ${randomUUID()}`;

const directory = async (query: Record<string, string>) => {
  const answer = await partnershipsApi('GET', '/organizations', { query, role: 'anonymous' });
  expect(answer.status).toBe(200);
  return answer.json.items as { organizationId: string; name: string }[];
};
const ids = (items: { organizationId: string }[]) => items.map((item) => item.organizationId);

const itemsOf = async (organizationId: string) =>
  (await allItems()).filter((item) => item.pk === `ORGANIZATION#${organizationId}`);

describe('organisations', () => {
  it('registers an organisation at version 1 with its consent recorded', async () => {
    // Act
    const answer = await partnershipsApi('POST', '/organizations', { body: organizationBody() });

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      ...organizationBody(),
      version: 1,
      consentRecordedBy: 'staff-coordinator',
      consentRecordedAt: answer.json.createdAt,
    });
  });

  it('keeps an organisation out of the public directory unless it consents', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();

    // Act
    const silent = await partnershipsApi('POST', '/organizations', {
      body: { name: 'Quiet Trust', type: 'non-profit', neighbourhoods: [neighbourhood] },
    });
    const listed = await createOrganization({ name: 'Loud Trust', neighbourhoods: [neighbourhood] });

    // Assess
    expect(silent.json.publicDirectoryConsent).toBe(false);
    expect(ids(await directory({ neighbourhood }))).toEqual([listed.organizationId]);
    expect(
      (await itemsOf(silent.json.organizationId)).some((item) => String(item.sk).startsWith('DIRECTORY')),
    ).toBe(false);
  });

  it('shows only public fields in the directory: never the contact', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    const organization = await createOrganization({ neighbourhoods: [neighbourhood] });

    // Act
    const [entry] = await directory({ neighbourhood });

    // Assess
    expect(entry).toEqual({
      organizationId: organization.organizationId,
      name: 'Riverside Food Bank',
      type: 'non-profit',
      website: 'https://foodbank.example.org',
      neighbourhoods: [neighbourhood],
      description: { en: 'Food parcels and a community kitchen.' },
    });
    const stored = (await itemsOf(organization.organizationId)).filter((item) =>
      String(item.sk).startsWith('DIRECTORY'),
    );
    expect(stored.length).toBe(2);
    for (const item of stored) expect(JSON.stringify(item)).not.toContain('dana');
  });

  it('takes an organisation out of the directory, under every filter, when it withdraws consent', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    const organization = await createOrganization({
      name: 'Withdrawn Society',
      neighbourhoods: [neighbourhood],
    });

    // Act
    const withdrawn = await partnershipsApi('PATCH', `/organizations/${organization.organizationId}`, {
      body: { expectedVersion: 1, publicDirectoryConsent: false },
    });

    // Assess
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json).toMatchObject({ publicDirectoryConsent: false, version: 2 });
    expect(await directory({ neighbourhood })).toEqual([]);
    expect(ids(await directory({ name: 'Withdrawn', limit: '100' }))).not.toContain(
      organization.organizationId,
    );
    expect(ids(await directory({ type: 'non-profit', neighbourhood }))).toEqual([]);
    expect((await itemsOf(organization.organizationId)).map((item) => item.sk).sort()).toEqual([
      '#META',
      expect.stringMatching(/^NEIGHBOURHOOD#/),
    ]);
  });

  it('moves directory entries when the neighbourhoods, name or type change', async () => {
    // Prepare
    const [before, after] = [freshNeighbourhood(), freshNeighbourhood()];
    const organization = await createOrganization({ name: 'Harbour Choir', neighbourhoods: [before] });

    // Act
    const answer = await partnershipsApi('PATCH', `/organizations/${organization.organizationId}`, {
      body: {
        expectedVersion: 1,
        name: 'Tidal Choir',
        type: 'other',
        neighbourhoods: [after],
        website: null,
      },
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json.website).toBeUndefined();
    expect(await directory({ neighbourhood: before })).toEqual([]);
    expect(await directory({ neighbourhood: after, type: 'non-profit' })).toEqual([]);
    expect(await directory({ neighbourhood: after, type: 'other', name: 'tidal' })).toEqual([
      expect.objectContaining({ organizationId: organization.organizationId, name: 'Tidal Choir' }),
    ]);
    expect(await directory({ neighbourhood: after, name: 'Harbour' })).toEqual([]);
  });

  it('finds names by their beginning, ignoring case, accents and repeated spaces', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    const cafe = await createOrganization({ name: 'Café  Solidaire', neighbourhoods: [neighbourhood] });
    await createOrganization({ name: 'Solidarity Café', neighbourhoods: [neighbourhood] });

    // Act
    const found = await Promise.all(
      ['cafe s', 'CAFÉ SOL', 'Café  Solidaire', 'caf'].map((name) => directory({ name, neighbourhood })),
    );

    // Assess
    for (const items of found) expect(ids(items)).toEqual([cafe.organizationId]);
  });

  it('matches neighbourhoods ignoring case and spacing, and refuses one listed twice', async () => {
    // Prepare
    const organization = await createOrganization({
      name: 'Old Town Trust',
      neighbourhoods: ['Old   Town North'],
    });

    // Act
    const found = await directory({ neighbourhood: ' old town NORTH ' });
    const twice = await partnershipsApi('POST', '/organizations', {
      body: organizationBody({ neighbourhoods: ['Old Town', 'old  town'] }),
    });

    // Assess
    expect(ids(found)).toContain(organization.organizationId);
    expect(twice.status).toBe(422);
    expect(twice.json.errors[0].path).toBe('body.neighbourhoods');
  });

  it('lets staff list every organisation, consenting or not, with contacts', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    const silent = await createOrganization({
      name: 'Private Partners',
      neighbourhoods: [neighbourhood],
      publicDirectoryConsent: false,
    });

    // Act
    const staff = await partnershipsApi('GET', '/organizations/all', {
      query: { neighbourhood },
      role: 'analyst',
    });
    const anonymous = await partnershipsApi('GET', '/organizations/all', {
      query: { neighbourhood },
      role: 'anonymous',
    });

    // Assess
    expect(staff.status).toBe(200);
    expect(staff.json.items).toEqual([
      expect.objectContaining({ organizationId: silent.organizationId, contact: organizationBody().contact }),
    ]);
    expect(anonymous.status).toBe(401);
  });

  it('reads one organisation with its totals (staff only), 404 when unknown', async () => {
    // Prepare
    const organization = await createOrganization();

    // Act
    const read = await partnershipsApi('GET', `/organizations/${organization.organizationId}`, {
      role: 'analyst',
    });
    const anonymous = await partnershipsApi('GET', `/organizations/${organization.organizationId}`, {
      role: 'anonymous',
    });
    const unknown = await partnershipsApi('GET', '/organizations/01ARZ3NDEKTSV4RRFFQ69G5FAV');

    // Assess
    expect(read.status).toBe(200);
    expect(read.json.totals).toMatchObject({ currency: 'EUR', partnerTotal: { amount: 0, currency: 'EUR' } });
    expect(anonymous.status).toBe(401);
    expect(unknown.status).toBe(404);
  });

  it('lets exactly one of 10 parallel edits based on the same version through', async () => {
    // Prepare
    const organization = await createOrganization({ neighbourhoods: [freshNeighbourhood()] });

    // Act
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        partnershipsApi('PATCH', `/organizations/${organization.organizationId}`, {
          body: { expectedVersion: 1, neighbourhoods: [`Edit ${index} ${randomUUID()}`] },
        }),
      ),
    );

    // Assess
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(9);
    const winner = answers.find((answer) => answer.status === 200);
    const listEntries = (await itemsOf(organization.organizationId)).filter((item) =>
      String(item.sk).startsWith('NEIGHBOURHOOD#'),
    );
    expect(listEntries).toHaveLength(1);
    expect(listEntries[0]?.neighbourhoods).toEqual(winner?.json.neighbourhoods);
  });

  it('refuses an edit from a stale If-Match with 409, writing nothing', async () => {
    // Prepare
    const organization = await createOrganization();
    await partnershipsApi('PATCH', `/organizations/${organization.organizationId}`, {
      headers: { 'If-Match': '"1"' },
      body: { name: 'Renamed once' },
    });
    const before = await allItems();

    // Act
    const stale = await partnershipsApi('PATCH', `/organizations/${organization.organizationId}`, {
      headers: { 'If-Match': 'W/"1"' },
      body: { name: 'Renamed twice' },
    });

    // Assess
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe('stale-version');
    expect(await allItems()).toEqual(before);
  });

  it('writes nothing for an edit that changes nothing', async () => {
    // Prepare
    const organization = await createOrganization();
    const before = await allItems();

    // Act
    const answer = await partnershipsApi('PATCH', `/organizations/${organization.organizationId}`, {
      body: { expectedVersion: 1, name: 'Riverside Food Bank', neighbourhoods: ['Riverside'] },
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json.version).toBe(1);
    expect(await allItems()).toEqual(before);
  });

  it('refuses a foreign cursor and an unknown type with 422', async () => {
    // Act
    const cursor = await partnershipsApi('GET', '/organizations', {
      role: 'anonymous',
      query: { cursor: Buffer.from(JSON.stringify({ pk: 'X', sk: 'Y' })).toString('base64url') },
    });
    const type = await partnershipsApi('GET', '/organizations', {
      role: 'anonymous',
      query: { type: 'club' },
    });

    // Assess
    expect(cursor.status).toBe(422);
    expect(type.status).toBe(422);
  });

  it('answers a retried registration with the same Idempotency-Key once', async () => {
    // Prepare
    const headers = { 'Idempotency-Key': 'organization-retry-1' };
    const body = organizationBody({ neighbourhoods: [freshNeighbourhood()] });

    // Act
    const first = await partnershipsApi('POST', '/organizations', { body, headers });
    const before = await countItems();
    const retry = await partnershipsApi('POST', '/organizations', { body, headers });

    // Assess
    expect(retry.status).toBe(201);
    expect(retry.json.organizationId).toBe(first.json.organizationId);
    expect(await countItems()).toBe(before);
  });
});
