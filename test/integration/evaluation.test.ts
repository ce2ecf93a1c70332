import { describe, expect, it } from 'vitest';
import { evaluationRoutes } from '../../functions/evaluation/api';
import {
  latestMeasurement,
  listAllIndicators,
  listIndicators,
} from '../../functions/evaluation/dynamo-store';
import { handler } from '../../functions/evaluation/handler';
import { computedMetrics } from '../../functions/evaluation/metrics';
import { type StaffRole, staffRoles } from '../../shared/http/route';
import { allItems, call, countItems } from '../support/api';
import { openEngagement } from '../support/fixtures';

/** An initiative made through the participation API (with an engagement beside it). */
const newInitiative = async () => (await openEngagement()).initiativeId;

/** A manual indicator whose plan runs from 2026 to 2099, so "now" is always inside it. */
const hoursPlan = {
  name: 'Verified volunteer hours',
  unit: 'hours',
  baseline: { value: 100, date: '2026-01-01' },
  target: { value: 200, date: '2099-01-01' },
  direction: 'increase',
  source: 'manual',
};

async function newIndicator(initiativeId: string, overrides: Record<string, unknown> = {}) {
  const answer = await call(handler, {
    method: 'POST',
    path: `/initiatives/${initiativeId}/indicators`,
    role: 'coordinator',
    body: { ...hoursPlan, ...overrides },
  });
  if (answer.status !== 201) throw new Error(`indicator: ${answer.body}`);
  return answer.json.indicatorId as string;
}

const measure = (indicatorId: string, value: number, measuredAt: string, note?: string) =>
  call(handler, {
    method: 'POST',
    path: `/indicators/${indicatorId}/measurements`,
    role: 'coordinator',
    body: { value, measuredAt, ...(note ? { note } : {}) },
  });

const outboxDetails = async (detailType: string) =>
  (await allItems())
    .filter((item) => item.detailType === detailType)
    .map((item) => item.detail as Record<string, unknown>);

describe('logic models', () => {
  const model = {
    inputs: ['Two coordinators', 'Library meeting rooms'],
    activities: ['Monthly repair cafés'],
    outputs: ['12 cafés a year'],
    outcomes: ['Fewer items thrown away'],
    assumptions: ['Residents bring broken items'],
  };

  it('sets the first logic model and publishes it to anyone', async () => {
    // Prepare
    const initiativeId = await newInitiative();

    // Act
    const saved = await call(handler, {
      method: 'PUT',
      path: `/initiatives/${initiativeId}/logic-model`,
      role: 'coordinator',
      body: { ...model, expectedVersion: 0 },
    });
    const read = await call(handler, { method: 'GET', path: `/initiatives/${initiativeId}/logic-model` });

    // Assess
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ ...model, version: 1 });
    expect(read.status).toBe(200);
    expect(read.json).toEqual(saved.json);
    expect(read.json.updatedBy).toBeUndefined();
  });

  it('refuses a stale edit with 409 and keeps the newer model', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const path = `/initiatives/${initiativeId}/logic-model`;
    await call(handler, { method: 'PUT', path, role: 'coordinator', body: { ...model, expectedVersion: 0 } });
    const second = await call(handler, {
      method: 'PUT',
      path,
      role: 'coordinator',
      body: { ...model, outputs: ['20 cafés a year'], expectedVersion: 1 },
    });

    // Act
    const stale = await call(handler, {
      method: 'PUT',
      path,
      role: 'coordinator',
      body: { ...model, outputs: ['6 cafés a year'], expectedVersion: 1 },
    });
    const again = await call(handler, {
      method: 'PUT',
      path,
      role: 'coordinator',
      body: { ...model, expectedVersion: 0 },
    });
    const read = await call(handler, { method: 'GET', path });

    // Assess
    expect(second.json.version).toBe(2);
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe('stale-version');
    expect(stale.json.detail).toContain('version 2');
    expect(again.status).toBe(409);
    expect(read.json).toMatchObject({ outputs: ['20 cafés a year'], version: 2 });
  });

  it('lets exactly one of two simultaneous edits of one version win', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const path = `/initiatives/${initiativeId}/logic-model`;

    // Act
    const answers = await Promise.all(
      ['A', 'B'].map((name) =>
        call(handler, {
          method: 'PUT',
          path,
          role: 'coordinator',
          body: { ...model, outcomes: [`Outcome ${name}`], expectedVersion: 0 },
        }),
      ),
    );
    const read = await call(handler, { method: 'GET', path });

    // Assess
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200);
    expect(read.json.outcomes).toEqual(winner?.json.outcomes);
  });

  it('answers 404 for an initiative without a model, and for one that does not exist', async () => {
    // Prepare
    const initiativeId = await newInitiative();

    // Act
    const none = await call(handler, { method: 'GET', path: `/initiatives/${initiativeId}/logic-model` });
    const unknown = await call(handler, {
      method: 'PUT',
      path: '/initiatives/01JE1A2B3C4D5E6F7G8H9J0K1M/logic-model',
      role: 'coordinator',
      body: { ...model, expectedVersion: 0 },
    });

    // Assess
    expect(none.status).toBe(404);
    expect(unknown.status).toBe(404);
  });

  it('refuses texts longer than 500 characters, naming the item', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const before = await countItems();

    // Act
    const answer = await call(handler, {
      method: 'PUT',
      path: `/initiatives/${initiativeId}/logic-model`,
      role: 'coordinator',
      body: { ...model, activities: ['Fine', 'x'.repeat(501)], expectedVersion: 0 },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors[0].path).toBe('body.activities.1');
    expect(await countItems()).toBe(before);
  });
});

describe('indicators', () => {
  it('defines a manual indicator, publishes IndicatorDefined and lists it as not started', async () => {
    // Prepare
    const initiativeId = await newInitiative();

    // Act
    const indicatorId = await newIndicator(initiativeId);
    const list = await call(handler, {
      method: 'GET',
      path: `/initiatives/${initiativeId}/indicators`,
      role: 'analyst',
    });

    // Assess
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([
      expect.objectContaining({ indicatorId, initiativeId, ...hoursPlan, status: 'not-started' }),
    ]);
    expect(list.json.items[0].latestMeasurement).toBeUndefined();
    expect(await outboxDetails('IndicatorDefined')).toContainEqual(
      expect.objectContaining({ indicatorId, initiativeId, source: 'manual', direction: 'increase' }),
    );
  });

  it.each([
    [
      'a target date before the baseline date',
      { target: { value: 200, date: '2025-12-31' } },
      'body.target.date',
    ],
    [
      'a target date equal to the baseline date',
      { target: { value: 200, date: '2026-01-01' } },
      'body.target.date',
    ],
    ['a target equal to the baseline', { target: { value: 100, date: '2099-01-01' } }, 'body.target.value'],
    ['an increase towards a lower target', { target: { value: 50, date: '2099-01-01' } }, 'body.direction'],
    ['a decrease towards a higher target', { direction: 'decrease' }, 'body.direction'],
    ['an unknown computed metric', { source: { computed: 'happiness' } }, 'body.source'],
    [
      'a calendar date that does not exist',
      { baseline: { value: 1, date: '2026-02-30' } },
      'body.baseline.date',
    ],
    ['a value DynamoDB cannot keep', { target: { value: 1e300, date: '2099-01-01' } }, 'body.target.value'],
  ])('refuses %s with 422 naming the field, writing nothing', async (_case, overrides, path) => {
    // Prepare
    const initiativeId = await newInitiative();
    const before = await countItems();

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/initiatives/${initiativeId}/indicators`,
      role: 'coordinator',
      body: { ...hoursPlan, ...overrides },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await countItems()).toBe(before);
  });

  it('accepts a decrease indicator whose target is below its baseline', async () => {
    // Prepare
    const initiativeId = await newInitiative();

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/initiatives/${initiativeId}/indicators`,
      role: 'coordinator',
      body: {
        ...hoursPlan,
        name: 'Missed collections',
        target: { value: 20, date: '2099-01-01' },
        direction: 'decrease',
      },
    });

    // Assess
    expect(answer.status).toBe(201);
  });

  it('accepts every impact-summary metric as a computed source', async () => {
    // Prepare
    const initiativeId = await newInitiative();

    // Act
    for (const metric of computedMetrics) await newIndicator(initiativeId, { source: { computed: metric } });
    const listed = await listIndicators(initiativeId);

    // Assess
    expect(listed.map((i) => i.source)).toEqual(computedMetrics.map((computed) => ({ computed })));
  });

  it('answers 404 for an initiative that does not exist', async () => {
    const answer = await call(handler, {
      method: 'POST',
      path: '/initiatives/01JE1A2B3C4D5E6F7G8H9J0K1M/indicators',
      role: 'coordinator',
      body: hoursPlan,
    });
    expect(answer.status).toBe(404);
  });

  it('lists every indicator in the city, grouped by initiative, without a scan', async () => {
    // Prepare
    const first = await newInitiative();
    const second = await newInitiative();
    const a = await newIndicator(first);
    const b = await newIndicator(second);
    const c = await newIndicator(first);

    // Act
    const all = await listAllIndicators();

    // Assess
    // Sorted by initiative (the first created sorts first), then by indicator.
    const ours = all.filter((i) => i.initiativeId === first || i.initiativeId === second);
    expect(ours.map((i) => i.indicatorId)).toEqual([a, c, b]);
    expect(all.length).toBe(new Set(all.map((i) => i.indicatorId)).size);
  });
});

describe('measurements', () => {
  it('records a measurement with its progress and lists it as the latest', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const indicatorId = await newIndicator(initiativeId);

    // Act
    const recorded = await measure(indicatorId, 250, '2026-06-01T09:00:00+02:00', 'From the hours ledger');
    const list = await call(handler, {
      method: 'GET',
      path: `/initiatives/${initiativeId}/indicators`,
      role: 'coordinator',
    });

    // Assess
    expect(recorded.status).toBe(201);
    expect(recorded.json).toMatchObject({
      indicatorId,
      value: 250,
      measuredAt: '2026-06-01T09:00:00+02:00',
      note: 'From the hours ledger',
      progress: 1.5,
    });
    expect(list.json.items[0]).toMatchObject({
      latestMeasurement: { measurementId: recorded.json.measurementId, value: 250 },
      progress: 1.5,
      status: 'achieved',
    });
    const [event] = await outboxDetails('MeasurementRecorded');
    expect(event).toMatchObject({
      indicatorId,
      initiativeId,
      value: 250,
      measuredAt: '2026-06-01T09:00:00+02:00',
    });
    expect(event?.note).toBeUndefined();
  });

  it('keeps the latest measurement when an older one is posted afterwards', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const indicatorId = await newIndicator(initiativeId);
    await measure(indicatorId, 150, '2026-05-01T00:00:00Z');

    // Act
    await measure(indicatorId, 120, '2026-03-01T00:00:00Z');
    const list = await call(handler, {
      method: 'GET',
      path: `/initiatives/${initiativeId}/indicators`,
      role: 'coordinator',
    });
    const history = await call(handler, {
      method: 'GET',
      path: `/indicators/${indicatorId}/measurements`,
      role: 'analyst',
      query: { limit: '1' },
    });
    const rest = await call(handler, {
      method: 'GET',
      path: `/indicators/${indicatorId}/measurements`,
      role: 'analyst',
      query: { cursor: history.json.nextCursor },
    });

    // Assess
    expect(list.json.items[0].latestMeasurement.value).toBe(150);
    expect(list.json.items[0].progress).toBe(0.5);
    expect(history.json.items.map((m: { value: number }) => m.value)).toEqual([150]);
    expect(rest.json.items.map((m: { value: number }) => m.value)).toEqual([120]);
  });

  it('refuses measurements of a computed indicator with 409, writing nothing', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const indicatorId = await newIndicator(initiativeId, { source: { computed: 'verifiedVolunteerHours' } });
    const before = await countItems();

    // Act
    const answer = await measure(indicatorId, 120, '2026-05-01T00:00:00Z');

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.json.reason).toBe('computed-indicator');
    expect(await countItems()).toBe(before);
  });

  it('refuses a measurement taken in the future with 422', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const indicatorId = await newIndicator(initiativeId);
    const before = await countItems();

    // Act
    const answer = await measure(indicatorId, 120, '2098-01-01T00:00:00Z');

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors[0].path).toBe('body.measuredAt');
    expect(await countItems()).toBe(before);
  });

  it('refuses a measuredAt without an offset, and an unknown indicator', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const indicatorId = await newIndicator(initiativeId);

    // Act
    const local = await measure(indicatorId, 120, '2026-05-01T00:00:00');
    const unknown = await measure('01JE1A2B3C4D5E6F7G8H9J0K1M', 120, '2026-05-01T00:00:00Z');

    // Assess
    expect(local.status).toBe(422);
    expect(local.json.errors[0].path).toBe('body.measuredAt');
    expect(unknown.status).toBe(404);
  });

  it('finds the latest measurement at or before an instant, exactly at the boundary', async () => {
    // Prepare: 23:30 on 31 March in Chicago is 04:30 UTC on 1 April.
    const initiativeId = await newInitiative();
    const indicatorId = await newIndicator(initiativeId);
    await measure(indicatorId, 110, '2026-03-01T10:00:00Z');
    await measure(indicatorId, 130, '2026-03-31T23:30:00-05:00');
    await measure(indicatorId, 170, '2026-04-02T00:00:00Z');

    // Act & Assess
    expect((await latestMeasurement(indicatorId, '2026-04-01T04:30:00.000Z'))?.value).toBe(130);
    expect((await latestMeasurement(indicatorId, '2026-04-01T06:30:00+02:00'))?.value).toBe(130);
    expect((await latestMeasurement(indicatorId, '2026-04-01T04:29:59.999Z'))?.value).toBe(110);
    expect((await latestMeasurement(indicatorId, '2026-04-02T00:00:00Z'))?.value).toBe(170);
    expect((await latestMeasurement(indicatorId, '2027-01-01T00:00:00Z'))?.value).toBe(170);
    expect(await latestMeasurement(indicatorId, '2026-03-01T09:59:59.999Z')).toBeUndefined();
  });

  it('takes the correction when two measurements share an instant', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const indicatorId = await newIndicator(initiativeId);
    await measure(indicatorId, 130, '2026-03-31T12:00:00Z');

    // Act
    await measure(indicatorId, 135, '2026-03-31T14:00:00+02:00', 'Corrected count');

    // Assess
    expect(await latestMeasurement(indicatorId, '2026-03-31T12:00:00Z')).toMatchObject({
      value: 135,
      note: 'Corrected count',
    });
  });
});

describe('reflections', () => {
  it('records a reflection by its author and lists them newest first, a page at a time', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const path = `/initiatives/${initiativeId}/reflections`;
    const texts = {
      whatWorked: 'Evening sessions',
      whatDidNot: 'Paper flyers',
      changesNext: 'Use the library',
    };

    // Act
    const first = await call(handler, {
      method: 'POST',
      path,
      role: 'coordinator',
      body: { ...texts, period: '2026-Q1' },
    });
    const second = await call(handler, { method: 'POST', path, role: 'coordinator', body: texts });
    const page = await call(handler, { method: 'GET', path, role: 'analyst', query: { limit: '1' } });
    const next = await call(handler, {
      method: 'GET',
      path,
      role: 'analyst',
      query: { limit: '1', cursor: page.json.nextCursor },
    });

    // Assess
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      ...texts,
      period: '2026-Q1',
      authorId: 'staff-coordinator',
      initiativeId,
    });
    expect(page.json.items.map((r: { reflectionId: string }) => r.reflectionId)).toEqual([
      second.json.reflectionId,
    ]);
    expect(next.json.items.map((r: { reflectionId: string }) => r.reflectionId)).toEqual([
      first.json.reflectionId,
    ]);
    const events = await outboxDetails('ReflectionRecorded');
    expect(events).toContainEqual(
      expect.objectContaining({ reflectionId: first.json.reflectionId, initiativeId, period: '2026-Q1' }),
    );
    expect(JSON.stringify(events)).not.toContain('Evening sessions');
  });

  it('refuses an empty text with 422 and an unknown initiative with 404', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const body = { whatWorked: '  ', whatDidNot: 'Paper flyers', changesNext: 'Use the library' };

    // Act
    const empty = await call(handler, {
      method: 'POST',
      path: `/initiatives/${initiativeId}/reflections`,
      role: 'coordinator',
      body,
    });
    const unknown = await call(handler, {
      method: 'POST',
      path: '/initiatives/01JE1A2B3C4D5E6F7G8H9J0K1M/reflections',
      role: 'coordinator',
      body: { ...body, whatWorked: 'Evening sessions' },
    });

    // Assess
    expect(empty.status).toBe(422);
    expect(empty.json.errors[0].path).toBe('body.whatWorked');
    expect(unknown.status).toBe(404);
  });
});

describe('who may call the evaluation routes', () => {
  const staffRoutes = evaluationRoutes.filter((route) => route.auth !== 'public');
  const someId = '01JE1A2B3C4D5E6F7G8H9J0K1M';
  const pathOf = (template: string) => template.replace(/\{[^}]+\}/g, someId);
  const refusals = staffRoutes.flatMap((route) =>
    staffRoles
      .filter(
        (role) => role !== 'admin' && !(route.auth as { roles: readonly StaffRole[] }).roles.includes(role),
      )
      .map((role) => [route.operationId, role, route] as const),
  );

  it.each(staffRoutes.map((route) => [route.operationId, route] as const))(
    '%s answers 401 without a token',
    async (_name, route) => {
      const answer = await call(handler, { method: route.method, path: pathOf(route.path), body: {} });
      expect(answer.status).toBe(401);
    },
  );

  it.each(refusals)('%s answers 403 to the %s role', async (_name, role, route) => {
    const answer = await call(handler, { method: route.method, path: pathOf(route.path), role, body: {} });
    expect(answer.status).toBe(403);
  });

  it('refuses the analyst every write and the coordinator every digest subscription route', () => {
    const refused = (role: StaffRole) => refusals.filter(([, r]) => r === role).map(([name]) => name);
    expect(refused('analyst').sort()).toEqual(
      ['defineIndicator', 'recordMeasurement', 'recordReflection', 'setLogicModel', ...digestRoutes].sort(),
    );
    expect(refused('coordinator').sort()).toEqual([...digestRoutes].sort());
  });
});

const digestRoutes = ['subscribeToDigest', 'listDigestSubscriptions', 'deleteDigestSubscription'];
