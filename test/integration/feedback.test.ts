import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/evaluation/handler';
import { handler as volunteering } from '../../functions/volunteering/handler';
import { allItems, call, countItems } from '../support/api';
import { expectMalformedBodiesRefused } from '../support/bad-input';
import { openEngagement } from '../support/fixtures';

const feedbackItems = async () => (await allItems()).filter((item) => item.type === 'Feedback');

const give = (body: unknown, headers: Record<string, string> = {}) =>
  call(handler, { method: 'POST', path: '/feedback', body, headers });

const form = (fields: Record<string, string>, sourceIp = '192.0.2.10') =>
  call(handler, {
    method: 'POST',
    path: '/feedback',
    rawBody: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    sourceIp,
  });

/** An initiative made through the participation API (with an engagement beside it). */
const newInitiative = async () => (await openEngagement()).initiativeId;

/** A shift made through the volunteering API, a week from now. */
async function newShift(initiativeId: string): Promise<string> {
  const opportunity = await call(volunteering, {
    method: 'POST',
    path: '/opportunities',
    role: 'coordinator',
    body: { initiativeId, title: { en: 'Park clean-up' } },
  });
  if (opportunity.status !== 201) throw new Error(`opportunity: ${opportunity.body}`);
  const starts = new Date(Date.now() + 7 * 24 * 3_600_000);
  const shift = await call(volunteering, {
    method: 'POST',
    path: `/opportunities/${opportunity.json.opportunityId}/shifts`,
    role: 'coordinator',
    body: {
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
      timeZone: 'UTC',
      capacity: 10,
    },
  });
  if (shift.status !== 201) throw new Error(`shift: ${shift.body}`);
  return shift.json.shiftId;
}

describe('giving feedback', () => {
  it('rates an engagement, takes its initiative, and keeps the comment out of the event', async () => {
    // Prepare
    const { initiativeId, engagementId } = await openEngagement();

    // Act
    const answer = await give({
      rating: 4,
      comment: 'Well run, but the room was too small. — Ana, ana@example.org',
      about: { kind: 'engagement', id: engagementId },
    });

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      initiativeId,
      rating: 4,
      about: { kind: 'engagement', id: engagementId },
    });
    const events = (await allItems()).filter((item) => item.detailType === 'FeedbackGiven');
    expect(events.map((e) => e.detail)).toEqual([
      expect.objectContaining({
        feedbackId: answer.json.feedbackId,
        initiativeId,
        about: { kind: 'engagement', id: engagementId },
        rating: 4,
      }),
    ]);
    expect(JSON.stringify(events)).not.toMatch(/room|ana@example/);
  });

  it('rates a volunteer shift and takes the shift’s initiative', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const shiftId = await newShift(initiativeId);

    // Act
    const answer = await give({ rating: 5, about: { kind: 'shift', id: shiftId } });

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.json.initiativeId).toBe(initiativeId);
  });

  it('rates a meeting of the city’s calendar when it names an existing initiative', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const about = { kind: 'meeting', id: 'cal-2026-11-24.town-hall' };

    // Act
    const named = await give({ rating: 3, about, initiativeId });
    const unnamed = await give({ rating: 3, about });
    const unknown = await give({ rating: 3, about, initiativeId: '01JE1A2B3C4D5E6F7G8H9J0K1M' });

    // Assess
    expect(named.status).toBe(201);
    expect(unnamed.status).toBe(422);
    expect(unnamed.json.errors[0].path).toBe('body.initiativeId');
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors[0].path).toBe('body.initiativeId');
  });

  it.each([
    ['a rating of 0', { rating: 0 }, 'body.rating'],
    ['a rating of 6', { rating: 6 }, 'body.rating'],
    ['a rating of 3.5', { rating: 3.5 }, 'body.rating'],
    ['no rating', { rating: undefined }, 'body.rating'],
    ['a comment over 2,000 characters', { comment: 'x'.repeat(2001) }, 'body.comment'],
    [
      'an unknown subject kind',
      { about: { kind: 'party', id: '01JE1A2B3C4D5E6F7G8H9J0K1M' } },
      'body.about.kind',
    ],
    ['an engagement ID that is no ID', { about: { kind: 'engagement', id: 'abc' } }, 'body.about.id'],
    [
      'an engagement that does not exist',
      { about: { kind: 'engagement', id: '01JE1A2B3C4D5E6F7G8H9J0K1M' } },
      'body.about.id',
    ],
    [
      'a shift that does not exist',
      { about: { kind: 'shift', id: '01JE1A2B3C4D5E6F7G8H9J0K1M' } },
      'body.about.id',
    ],
    ['an initiative other than the engagement’s', { initiativeId: 'OTHER' }, 'body.initiativeId'],
  ])('refuses %s with 422 naming the field, writing nothing', async (_case, overrides, path) => {
    // Prepare
    const { engagementId } = await openEngagement();
    const otherInitiative = await newInitiative();
    const body: Record<string, unknown> = {
      rating: 4,
      about: { kind: 'engagement', id: engagementId },
      ...overrides,
    };
    if (body.initiativeId === 'OTHER') body.initiativeId = otherInitiative;
    const before = await countItems();

    // Act
    const answer = await give(body);

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await countItems()).toBe(before);
  });
});

describe('feedback from a plain HTML form', () => {
  it('stores the rating and redirects to the thank-you page with 303', async () => {
    // Prepare
    const { engagementId } = await openEngagement();

    // Act
    const answer = await form({
      'about.kind': 'engagement',
      'about.id': engagementId,
      rating: '5',
      comment: '',
      _redirect: 'https://www.example.gov/thanks/feedback',
    });

    // Assess
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('https://www.example.gov/thanks/feedback');
    const stored = (await feedbackItems()).filter(
      (item) => (item.about as { id: string }).id === engagementId,
    );
    expect(stored).toEqual([expect.objectContaining({ rating: 5 })]);
    expect(stored[0]?.comment).toBeUndefined();
  });

  it('answers an accessible HTML page naming the field to fix', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const before = await countItems();

    // Act
    const answer = await form({ 'about.kind': 'engagement', 'about.id': engagementId, rating: '9' });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toContain('text/html');
    expect(answer.body).toContain('rating');
    expect(await countItems()).toBe(before);
  });

  it('saves a double-clicked form once', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const fields = { 'about.kind': 'engagement', 'about.id': engagementId, rating: '2', comment: 'Too long' };

    // Act
    const answers = [await form(fields), await form(fields)];

    // Assess
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    const stored = (await feedbackItems()).filter(
      (item) => (item.about as { id: string }).id === engagementId,
    );
    expect(stored).toHaveLength(1);
  });
});

describe('retried feedback', () => {
  it('returns the first answer and writes nothing new for a repeated Idempotency-Key', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const body = { rating: 4, about: { kind: 'engagement', id: engagementId } };
    const headers = { 'Idempotency-Key': 'feedback-retry-0001' };
    const first = await give(body, headers);
    const before = await countItems();

    // Act
    const retries = await Promise.all([give(body, headers), give(body, headers), give(body, headers)]);
    const otherBody = await give({ ...body, rating: 1 }, headers);

    // Assess
    expect(first.status).toBe(201);
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.json.feedbackId).toBe(first.json.feedbackId);
    }
    expect(otherBody.status).toBe(422);
    expect(await countItems()).toBe(before);
  });

  it('counts two residents giving the same rating without a key as two', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const body = { rating: 4, about: { kind: 'engagement', id: engagementId } };

    // Act
    await give(body);
    await give(body);

    // Assess
    const stored = (await feedbackItems()).filter(
      (item) => (item.about as { id: string }).id === engagementId,
    );
    expect(stored).toHaveLength(2);
  });
});

describe('malformed feedback', () => {
  const anyJson = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(
      fc.constantFrom('rating', 'comment', 'about', 'initiativeId', '__proto__', 'constructor'),
      fc.jsonValue({ maxDepth: 3 }),
    ),
    fc.record(
      {
        rating: fc.oneof(fc.integer({ min: -3, max: 9 }), fc.double(), fc.string(), fc.constant(null)),
        comment: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        about: fc.oneof(
          fc.record(
            {
              kind: fc.oneof(fc.constantFrom('meeting', 'shift', 'engagement'), fc.string()),
              id: fc.oneof(fc.string(), fc.integer()),
            },
            { requiredKeys: [] },
          ),
          fc.string(),
          fc.constant(null),
        ),
        initiativeId: fc.oneof(fc.string(), fc.constant('01JE1A2B3C4D5E6F7G8H9J0K1M')),
      },
      { requiredKeys: [] },
    ),
  );

  it('answers only 4xx to malformed bodies and writes nothing', async () => {
    // Prepare
    await openEngagement();

    // Act & Assess
    const refused = await expectMalformedBodiesRefused(
      (input) => call(handler, { method: 'POST', path: '/feedback', ...input }),
      anyJson,
      { numRuns: 300 },
    );
    expect(refused).toBeGreaterThan(250);
  }, 120_000);
});

describe('the staff feedback list', () => {
  it('lists an initiative’s feedback newest first, a page at a time, to coordinators and analysts', async () => {
    // Prepare
    const { initiativeId, engagementId } = await openEngagement();
    const ids: string[] = [];
    for (const rating of [1, 2, 3]) {
      ids.push((await give({ rating, about: { kind: 'engagement', id: engagementId } })).json.feedbackId);
    }

    // Act
    const page = await call(handler, {
      method: 'GET',
      path: '/feedback',
      role: 'analyst',
      query: { initiativeId, limit: '2' },
    });
    const rest = await call(handler, {
      method: 'GET',
      path: '/feedback',
      role: 'coordinator',
      query: { initiativeId, limit: '2', cursor: page.json.nextCursor },
    });
    const anonymous = await call(handler, { method: 'GET', path: '/feedback', query: { initiativeId } });

    // Assess
    expect(page.status).toBe(200);
    expect([...page.json.items, ...rest.json.items].map((f: { feedbackId: string }) => f.feedbackId)).toEqual(
      [...ids].reverse(),
    );
    expect(rest.json.nextCursor).toBeUndefined();
    expect(anonymous.status).toBe(401);
  });

  it('requires the initiative to list', async () => {
    const answer = await call(handler, { method: 'GET', path: '/feedback', role: 'analyst' });
    expect(answer.status).toBe(422);
    expect(answer.json.errors[0].path).toBe('query.initiativeId');
  });
});
