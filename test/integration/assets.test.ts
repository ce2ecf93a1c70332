import { randomUUID } from 'node:crypto';
import { getIssues } from '@placemarkio/check-geojson';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/mapping/handler';
import type { StaffRole } from '../../shared/http/route';
import { allItems, call, countItems } from '../support/api';
import { bearer, staffToken } from '../support/staff-tokens';

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
/** Each test maps into a neighbourhood of its own, so tests sharing the file's table never see each other. */
const freshNeighbourhood = () => `Hood ${randomUUID()}`;

function assetBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Riverside Library',
    category: 'library',
    location: { lat: 51.5072, lon: -0.1276 },
    neighbourhood: 'Riverside',
    contact: {
      phone: '+44 20 7946 0000',
      email: 'library@example.gov',
      website: 'https://library.example.gov',
    },
    openingHours: 'Mon–Sat 9–18',
    accessibilityNotes: 'Step-free entrance on Mill Lane.',
    description: {
      en: 'Books, computers and a children’s corner.',
      es: 'Libros, ordenadores y rincón infantil.',
    },
    ...overrides,
  };
}

/** Maps an asset as a resident, or as staff with `role`'s token (the route verifies it itself: `optionalStaff`). */
async function mapAsset(overrides: Record<string, unknown> = {}, role?: StaffRole) {
  const answer = await call(handler, {
    method: 'POST',
    path: '/assets',
    body: assetBody(overrides),
    ...(role ? { headers: await bearer(role) } : {}),
  });
  if (answer.status !== 201) throw new Error(`asset: ${answer.body}`);
  return answer.json as { assetId: string; status: string };
}

const review = (assetId: string, decision: 'approve' | 'reject', role: StaffRole = 'coordinator') =>
  call(handler, {
    method: 'POST',
    path: `/assets/${assetId}/approval`,
    role,
    body: { decision, reason: 'Checked with the neighbourhood office.' },
  });

async function map(query: Record<string, string>) {
  const answer = await call(handler, { method: 'GET', path: '/assets', query });
  expect(answer.status).toBe(200);
  return answer;
}

const featureIds = (answer: { json: { features: { id: string }[] } }) =>
  answer.json.features.map((feature) => feature.id);

/** Every asset ID in the coordinators' review queue, following the cursor to the end. */
async function pendingIds(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(handler, {
      method: 'GET',
      path: '/assets/pending',
      role: 'coordinator',
      query: { limit: '100', ...(cursor ? { cursor } : {}) },
    });
    expect(page.status).toBe(200);
    ids.push(...page.json.items.map((a: { assetId: string }) => a.assetId));
    cursor = page.json.nextCursor;
  } while (cursor);
  return ids;
}

const outboxOf = async (assetId: string) =>
  (await allItems()).filter(
    (item) => item.type === 'OutboxEvent' && (item.detail as { assetId?: string }).assetId === assetId,
  );

describe('mapping assets', () => {
  it('puts a coordinator’s asset on the map at once as a valid GeoJSON Point feature', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();

    // Act
    const created = await mapAsset({ neighbourhood }, 'coordinator');
    const answer = await map({ neighbourhood });

    // Assess
    expect(created).toMatchObject({ status: 'approved', origin: 'staff' });
    expect(getIssues(answer.body)).toEqual([]);
    expect(answer.json).toEqual({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: created.assetId,
          geometry: { type: 'Point', coordinates: [-0.1276, 51.5072] },
          properties: expect.objectContaining({
            name: 'Riverside Library',
            category: 'library',
            neighbourhood,
            description: { en: 'Books, computers and a children’s corner.', es: expect.any(String) },
            contact: expect.objectContaining({ website: 'https://library.example.gov' }),
          }),
        },
      ],
    });
    const events = await outboxOf(created.assetId);
    expect(events.map((event) => event.detailType)).toEqual(['AssetApproved']);
    // The approver is the coordinator's user id, the subject of the token they sent.
    const coordinatorId = decodeJwt(await staffToken('coordinator')).sub;
    expect(events[0]?.detail).toMatchObject({ origin: 'staff', approvedBy: coordinatorId });
  });

  it('keeps a resident’s suggestion pending and off the map until a coordinator approves it', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    const suggested = await mapAsset({ neighbourhood, name: 'Bench circle', category: 'park' });

    // Act
    const before = await map({ neighbourhood });
    const queue = await pendingIds();
    const approval = await review(suggested.assetId, 'approve');
    const after = await map({ neighbourhood });
    const queueAfter = await pendingIds();

    // Assess
    expect(suggested).toMatchObject({ status: 'pending', origin: 'suggestion' });
    expect(before.json.features).toEqual([]);
    expect(queue).toContain(suggested.assetId);
    expect(approval.status).toBe(200);
    expect(approval.json).toMatchObject({ assetId: suggested.assetId, status: 'approved' });
    expect(featureIds(after)).toEqual([suggested.assetId]);
    expect(queueAfter).not.toContain(suggested.assetId);
    const events = await outboxOf(suggested.assetId);
    expect(events.map((event) => event.detailType).sort()).toEqual(['AssetApproved', 'AssetSuggested']);
  });

  it('treats an analyst’s asset as a suggestion', async () => {
    const created = await mapAsset({ neighbourhood: freshNeighbourhood() }, 'analyst');
    expect(created.status).toBe('pending');
  });

  it('keeps a rejected suggestion off the map and out of the queue, with the reason on record', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    const suggested = await mapAsset({ neighbourhood });

    // Act
    const rejection = await review(suggested.assetId, 'reject');
    const listed = await map({ neighbourhood });
    const queue = await pendingIds();

    // Assess
    expect(rejection.json.status).toBe('rejected');
    expect(listed.json.features).toEqual([]);
    expect(queue).not.toContain(suggested.assetId);
    const stored = (await allItems()).find(
      (item) => item.assetId === suggested.assetId && item.type === 'Asset',
    );
    expect(stored?.review).toMatchObject({ decision: 'reject', reviewerId: 'staff-coordinator' });
    expect(stored?.gsi1pk).toBeUndefined();
    expect((await outboxOf(suggested.assetId)).map((event) => event.detailType)).toEqual(['AssetSuggested']);
  });

  it('answers 409 when the asset is no longer pending', async () => {
    // Prepare
    const approvedAtOnce = await mapAsset({ neighbourhood: freshNeighbourhood() }, 'coordinator');
    const suggested = await mapAsset({ neighbourhood: freshNeighbourhood() });
    await review(suggested.assetId, 'reject');

    // Act
    const again = await review(suggested.assetId, 'approve');
    const staffAsset = await review(approvedAtOnce.assetId, 'reject');

    // Assess
    expect(again.status).toBe(409);
    expect(staffAsset.status).toBe(409);
  });

  it('lets exactly one of two simultaneous reviews win', async () => {
    // Prepare
    const suggested = await mapAsset({ neighbourhood: freshNeighbourhood() });

    // Act
    const answers = await Promise.all([
      review(suggested.assetId, 'approve'),
      review(suggested.assetId, 'reject'),
    ]);

    // Assess
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
  });

  it('answers 404 when reviewing an asset that does not exist', async () => {
    const answer = await review('01ARZ3NDEKTSV4RRFFQ69G5FAV', 'approve');
    expect(answer.status).toBe(404);
  });

  it('answers 401 without a token and 403 with the wrong role on the staff routes', async () => {
    // Prepare
    const suggested = await mapAsset({ neighbourhood: freshNeighbourhood() });
    const body = { decision: 'approve', reason: 'Looks right.' };

    // Act
    const anonymousQueue = await call(handler, { method: 'GET', path: '/assets/pending' });
    const analystQueue = await call(handler, { method: 'GET', path: '/assets/pending', role: 'analyst' });
    const anonymousReview = await call(handler, {
      method: 'POST',
      path: `/assets/${suggested.assetId}/approval`,
      body,
    });
    const analystReview = await call(handler, {
      method: 'POST',
      path: `/assets/${suggested.assetId}/approval`,
      role: 'analyst',
      body,
    });

    // Assess
    expect([anonymousQueue.status, analystQueue.status]).toEqual([401, 403]);
    expect([anonymousReview.status, analystReview.status]).toEqual([401, 403]);
    expect((await review(suggested.assetId, 'approve', 'admin')).status).toBe(200);
  });
});

describe('the public map', () => {
  it('filters by category, neighbourhood (ignoring case) and bounding box', async () => {
    // Prepare
    const north = freshNeighbourhood();
    const south = freshNeighbourhood();
    const park = await mapAsset(
      { neighbourhood: north, category: 'park', location: { lat: 10, lon: 20 } },
      'coordinator',
    );
    const school = await mapAsset(
      { neighbourhood: north, category: 'school', location: { lat: 10.5, lon: 20.5 } },
      'coordinator',
    );
    const farPark = await mapAsset(
      { neighbourhood: south, category: 'park', location: { lat: -33.9, lon: 151.2 } },
      'coordinator',
    );
    await mapAsset({ neighbourhood: north, category: 'park', location: { lat: 10.1, lon: 20.1 } }); // pending

    // Act
    const northParks = await map({ neighbourhood: north.toUpperCase(), category: 'park' });
    const north_ = await map({ neighbourhood: `  ${north} ` });
    const box = await map({ bbox: '19.9,9.9,20.2,10.2', limit: '100' });
    const boxedSchools = await map({ bbox: '19,9,21,11', category: 'school', limit: '100' });
    const parks = await map({ category: 'park', limit: '100' });

    // Assess
    expect(featureIds(northParks)).toEqual([park.assetId]);
    expect(featureIds(north_).sort()).toEqual([park.assetId, school.assetId].sort());
    expect(featureIds(box)).toEqual([park.assetId]);
    expect(featureIds(boxedSchools)).toEqual([school.assetId]);
    expect(featureIds(parks)).toEqual(expect.arrayContaining([park.assetId, farPark.assetId]));
    expect(featureIds(parks)).not.toContain(school.assetId);
    for (const answer of [northParks, box, parks]) expect(getIssues(answer.body)).toEqual([]);
  });

  it('understands a bounding box across the antimeridian', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    const fiji = await mapAsset({ neighbourhood, location: { lat: -17.7, lon: 179.5 } }, 'coordinator');
    const samoa = await mapAsset({ neighbourhood, location: { lat: -13.8, lon: -171.8 } }, 'coordinator');
    await mapAsset({ neighbourhood, location: { lat: -15, lon: 0 } }, 'coordinator');

    // Act
    const answer = await map({ neighbourhood, bbox: '170,-20,-170,-10' });

    // Assess
    expect(featureIds(answer).sort()).toEqual([fiji.assetId, samoa.assetId].sort());
  });

  it('pages through approved assets with a cursor, each feature once', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(
        (await mapAsset({ neighbourhood, name: `Allotment ${i}`, category: 'park' }, 'coordinator')).assetId,
      );
    }

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await map({ neighbourhood, limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.json.features.length).toBeLessThanOrEqual(2);
      expect(getIssues(page.body)).toEqual([]);
      seen.push(...featureIds(page));
      cursor = page.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);

    // Assess
    expect(seen).toEqual(created);
    expect(pages).toBe(3);
  });

  it('keeps paging past features a bounding box leaves out', async () => {
    // Prepare: the one match sorts after several misses, so a page must read beyond them.
    const neighbourhood = freshNeighbourhood();
    for (let i = 0; i < 4; i++)
      await mapAsset({ neighbourhood, location: { lat: 0, lon: 0 } }, 'coordinator');
    const match = await mapAsset({ neighbourhood, location: { lat: 45, lon: 45 } }, 'coordinator');

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await map({
        neighbourhood,
        bbox: '40,40,50,50',
        limit: '1',
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...featureIds(page));
      cursor = page.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);

    // Assess
    expect(seen).toEqual([match.assetId]);
  });

  it.each([
    ['three numbers', { bbox: '1,2,3' }, 'query.bbox'],
    ['a word', { bbox: '1,2,three,4' }, 'query.bbox'],
    ['a longitude out of range', { bbox: '-181,0,10,10' }, 'query.bbox'],
    ['a latitude out of range', { bbox: '0,-91,10,10' }, 'query.bbox'],
    ['latitudes the wrong way round', { bbox: '0,10,10,0' }, 'query.bbox'],
    ['an unknown category', { category: 'casino' }, 'query.category'],
    ['a foreign cursor', { cursor: 'bm90LWEtY3Vyc29y' }, 'query.cursor'],
  ])('answers 422 for %s', async (_name, query, path) => {
    const answer = await call(handler, { method: 'GET', path: '/assets', query });
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('bad input', () => {
  it('takes a plain HTML form suggestion and redirects it with 303', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    const fields = new URLSearchParams({
      name: 'Saturday market',
      category: 'market',
      'location.lat': '48.8566',
      'location.lon': '2.3522',
      neighbourhood,
      'contact.email': '',
      'description.fr': 'Marché de producteurs le samedi matin.',
      _redirect: 'https://www.example.gov/thanks?form=assets',
      _honeypot: '',
    });

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: '/assets',
      rawBody: fields.toString(),
      headers: form,
    });

    // Assess
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('https://www.example.gov/thanks?form=assets');
    const stored = (await allItems()).find(
      (item) => item.type === 'Asset' && item.neighbourhood === neighbourhood,
    );
    expect(stored).toMatchObject({
      status: 'pending',
      location: { lat: 48.8566, lon: 2.3522 },
      description: { fr: 'Marché de producteurs le samedi matin.' },
    });
    expect(stored?.contact).toBeUndefined();
  });

  it.each([
    ['a latitude out of range', assetBody({ location: { lat: 91, lon: 0 } }), 'body.location.lat'],
    ['a longitude out of range', assetBody({ location: { lat: 0, lon: -180.5 } }), 'body.location.lon'],
    ['a location given as text', assetBody({ location: '51.5,-0.12' }), 'body.location'],
    ['an unknown category', assetBody({ category: 'casino' }), 'body.category'],
    ['no name', assetBody({ name: undefined }), 'body.name'],
    ['a blank neighbourhood', assetBody({ neighbourhood: '   ' }), 'body.neighbourhood'],
    ['a broken contact email', assetBody({ contact: { email: 'not-an-email' } }), 'body.contact.email'],
    [
      'a javascript: website',
      assetBody({ contact: { website: 'javascript:alert(1)' } }),
      'body.contact.website',
    ],
    ['a description without a language', assetBody({ description: {} }), 'body.description'],
    [
      'a description in a made-up language tag',
      assetBody({ description: { english: 'x' } }),
      'body.description.english',
    ],
  ])('refuses %s, naming the field, and writes nothing', async (_name, body, path) => {
    // Prepare
    const before = await countItems();

    // Act
    const answer = await call(handler, { method: 'POST', path: '/assets', body });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await countItems()).toBe(before);
  });

  it('answers 4xx to a broken JSON body and to a review without a decision, writing nothing', async () => {
    // Prepare
    const suggested = await mapAsset({ neighbourhood: freshNeighbourhood() });
    const before = await countItems();

    // Act
    const broken = await call(handler, {
      method: 'POST',
      path: '/assets',
      rawBody: '{"name": "Park"',
      headers: { 'Content-Type': 'application/json' },
    });
    const undecided = await call(handler, {
      method: 'POST',
      path: `/assets/${suggested.assetId}/approval`,
      role: 'coordinator',
      body: { decision: 'maybe', reason: 'x' },
    });
    const badId = await review('not-an-id', 'approve');

    // Assess
    expect(broken.status).toBe(400);
    expect(undecided.status).toBe(422);
    expect(undecided.json.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.decision', 'body.reason']),
    );
    expect(badId.status).toBe(422);
    expect(await countItems()).toBe(before);
  });
});
