import { describe, expect, it } from 'vitest';
import { dynamoInvalidationStore } from '../../functions/petitions/dynamo-invalidation';
import { dynamoPetitionsStore } from '../../functions/petitions/dynamo-store';
import { handler } from '../../functions/petitions/handler';
import { invalidationService } from '../../functions/petitions/invalidation';
import { keyedHash } from '../../shared/config/secrets';
import { allItems, call } from '../support/api';
import { outboxEvents } from '../support/events';
import { lastMailTo } from '../support/mail';
import {
  aResident,
  confirmLinkMailedTo,
  publishedPetition,
  readPetition,
  usePetitionSettings,
} from '../support/petition-fixtures';

usePetitionSettings();

const floodSource = '203.0.113.7';

/** A signature confirmed from `sourceIp`, with an address at `domain`, in Old Town. */
async function signedFrom(petitionId: string, sourceIp: string, domain = 'flood.test') {
  const signer = { ...aResident('Flood'), neighbourhood: 'Old Town' };
  signer.email = signer.email.replace(/@.*$/, `@${domain}`);
  const answer = await call(handler, {
    method: 'POST',
    path: `/petitions/${petitionId}/signatures`,
    body: signer,
    sourceIp,
  });
  if (answer.status !== 202) throw new Error(`Signature refused: ${answer.status} ${answer.body}`);
  const confirmed = await confirmLinkMailedTo(signer.email);
  if (confirmed.status !== 200) throw new Error(`Confirmation refused: ${confirmed.status}`);
  return signer;
}

const invalidate = (petitionId: string, body: unknown, options: { dryRun?: boolean; role?: 'admin' } = {}) =>
  call(handler, {
    method: 'POST',
    path: `/petitions/${petitionId}/invalidations`,
    body,
    role: options.role ?? 'admin',
    ...(options.dryRun ? { query: { dryRun: 'true' } } : {}),
  });

const historyOf = (petitionId: string, role: 'admin' | 'coordinator' | 'analyst' = 'admin') =>
  call(handler, { method: 'GET', path: `/petitions/${petitionId}/invalidations`, role });

/** Every item of this file's table in one order, to compare before and after. */
const snapshot = async () =>
  (await allItems())
    .map((item) => JSON.stringify(item, Object.keys(item).sort()))
    .sort()
    .join('\n');

const floodReason = 'Three signatures from one address within a minute, all at a throwaway domain.';

describe('staff invalidation of petition signatures', () => {
  it('counts with a dry run exactly what it then invalidates, and the totals drop by exactly that', async () => {
    // Prepare: creator and two sponsors from 127.0.0.1, then three from the flood source (debate at 5)
    const { petitionId } = await publishedPetition();
    for (let index = 0; index < 3; index++) await signedFrom(petitionId, floodSource);
    const before = await dynamoPetitionsStore.counts(petitionId);
    const reachedBefore = (await readPetition(petitionId)).reached;
    const criteria = { emailDomain: '@Flood.TEST', ipHash: await keyedHash('source-ip', floodSource) };

    // Act
    const dryRun = await invalidate(petitionId, { reason: floodReason, criteria }, { dryRun: true });
    const real = await invalidate(petitionId, { reason: floodReason, criteria });
    const after = await dynamoPetitionsStore.counts(petitionId);
    const petition = await readPetition(petitionId);

    // Assess
    expect(dryRun.status).toBe(200);
    expect(dryRun.json).toEqual({ dryRun: true, matched: 3, invalidated: 0, remaining: 3 });
    expect(real.status).toBe(200);
    expect(real.json).toMatchObject({ dryRun: false, matched: 3, invalidated: 3, remaining: 0 });
    expect(real.json.invalidationId).toEqual(expect.any(String));
    expect(before.total - after.total).toBe(dryRun.json.matched);
    expect(after).toEqual({
      total: before.total - 3,
      byChannel: { web: (before.byChannel.web ?? 0) - 3 },
      byNeighbourhood: {
        ...before.byNeighbourhood,
        'Old Town': (before.byNeighbourhood['Old Town'] ?? 0) - 3,
      },
    });
    expect(petition.signatures.total).toBe(3);
    // The debate threshold was reached in public: it stays reached below it.
    expect(reachedBefore.debate).toBeDefined();
    expect(petition.reached).toEqual(reachedBefore);
    const events = await outboxEvents(
      (event) =>
        event['detail-type'] === 'SignaturesInvalidated' &&
        (event.detail as { petitionId: string }).petitionId === petitionId,
    );
    expect(events.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        invalidationId: real.json.invalidationId,
        count: 3,
        byUserId: 'staff-admin',
      }),
    ]);
  });

  it('writes nothing on a dry run', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    await signedFrom(petitionId, floodSource);
    const before = await snapshot();

    // Act
    const dryRun = await invalidate(
      petitionId,
      { reason: floodReason, criteria: { sourceIp: floodSource } },
      { dryRun: true },
    );

    // Assess
    expect(dryRun.json.matched).toBe(1);
    expect(await snapshot()).toBe(before);
  });

  it('keeps who did it and why in the history, an address only as its hash, and invalidates none the second time', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    await signedFrom(petitionId, floodSource);
    await signedFrom(petitionId, floodSource);
    const body = { reason: floodReason, criteria: { sourceIp: floodSource } };

    // Act
    const first = await invalidate(petitionId, body);
    const second = await invalidate(petitionId, body);
    const history = await historyOf(petitionId);
    const asCoordinator = await historyOf(petitionId, 'coordinator');

    // Assess
    expect(first.json).toMatchObject({ matched: 2, invalidated: 2 });
    expect(second.status).toBe(200);
    expect(second.json).toEqual({ dryRun: false, matched: 0, invalidated: 0, remaining: 0 });
    expect(history.status).toBe(200);
    expect(history.json.items).toEqual([
      {
        invalidationId: first.json.invalidationId,
        petitionId,
        at: expect.any(String),
        byUserId: 'staff-admin',
        reason: floodReason,
        criteria: { ipHash: await keyedHash('source-ip', floodSource) },
        count: 2,
      },
    ]);
    expect(history.body).not.toContain(floodSource);
    expect(JSON.stringify(await allItems())).not.toContain(floodSource);
    expect(asCoordinator.status).toBe(200);
  });

  it('matches a confirmation window, start included and end excluded', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    const from = new Date().toISOString();
    await signedFrom(petitionId, '198.51.100.1', 'example.net');
    await signedFrom(petitionId, '198.51.100.2', 'example.net');
    const to = new Date(Date.now() + 1).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await signedFrom(petitionId, '198.51.100.3', 'example.net');
    // The same window written with an offset means the same instants.
    const withOffset = (instant: string) =>
      new Date(Date.parse(instant) + 2 * 3600_000).toISOString().replace('Z', '+02:00');

    // Act
    const dryRun = await invalidate(
      petitionId,
      { reason: floodReason, criteria: { confirmedFrom: withOffset(from), confirmedTo: withOffset(to) } },
      { dryRun: true },
    );

    // Assess
    expect(dryRun.status).toBe(200);
    expect(dryRun.json.matched).toBe(2);
  });

  it('does not let an invalidated signer sign the petition again', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    const signer = await signedFrom(petitionId, floodSource);
    await invalidate(petitionId, { reason: floodReason, criteria: { sourceIp: floodSource } });
    const total = (await readPetition(petitionId)).signatures.total;

    // Act
    const again = await call(handler, {
      method: 'POST',
      path: `/petitions/${petitionId}/signatures`,
      body: signer,
    });

    // Assess
    expect(again.status).toBe(202);
    expect((await lastMailTo(signer.email)).subject).toBe('You have already signed this petition');
    expect((await readPetition(petitionId)).signatures.total).toBe(total);
  });

  it('invalidates at most its limit per call and answers how many remain', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    for (let index = 0; index < 3; index++) await signedFrom(petitionId, floodSource);
    const limited = invalidationService(dynamoInvalidationStore, {
      getPetition: dynamoPetitionsStore.getPetition,
      maxPerCall: 2,
    });
    const admin = { kind: 'staff' as const, userId: 'staff-admin', roles: ['admin' as const] };
    const input = { reason: floodReason, criteria: { emailDomain: 'flood.test' } };

    // Act
    const first = await limited.invalidate(petitionId, input, { dryRun: false }, admin);
    const second = await limited.invalidate(petitionId, input, { dryRun: false }, admin);

    // Assess
    expect(first).toMatchObject({ matched: 3, invalidated: 2, remaining: 1 });
    expect(second).toMatchObject({ matched: 1, invalidated: 1, remaining: 0 });
    expect((await readPetition(petitionId)).signatures.total).toBe(3);
    expect((await historyOf(petitionId)).json.items.map((entry: { count: number }) => entry.count)).toEqual([
      1, 2,
    ]);
  });

  it('takes each signature off the totals once when two admins invalidate the same ones at the same time', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    for (let index = 0; index < 3; index++) await signedFrom(petitionId, floodSource);
    const body = { reason: floodReason, criteria: { sourceIp: floodSource } };

    // Act
    const [first, second] = await Promise.all([invalidate(petitionId, body), invalidate(petitionId, body)]);
    const history = await historyOf(petitionId);

    // Assess
    expect(first?.status).toBe(200);
    expect(second?.status).toBe(200);
    expect((first?.json.invalidated ?? 0) + (second?.json.invalidated ?? 0)).toBe(3);
    expect((await dynamoPetitionsStore.counts(petitionId)).total).toBe(3);
    expect(history.json.items.reduce((sum: number, entry: { count: number }) => sum + entry.count, 0)).toBe(
      3,
    );
  });

  it('refuses anyone but an admin, and an analyst the history', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    await signedFrom(petitionId, floodSource);
    const body = { reason: floodReason, criteria: { sourceIp: floodSource } };

    // Act
    const asCoordinator = await call(handler, {
      method: 'POST',
      path: `/petitions/${petitionId}/invalidations`,
      body,
      role: 'coordinator',
    });
    const anonymous = await call(handler, {
      method: 'POST',
      path: `/petitions/${petitionId}/invalidations`,
      body,
    });
    const historyAsAnalyst = await historyOf(petitionId, 'analyst');

    // Assess
    expect(asCoordinator.status).toBe(403);
    expect(anonymous.status).toBe(401);
    expect(historyAsAnalyst.status).toBe(403);
    expect((await readPetition(petitionId)).signatures.total).toBe(4);
  });

  it('refuses criteria that name nothing, or something it does not know, naming the field and writing nothing', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    await signedFrom(petitionId, floodSource);
    const before = await snapshot();

    // Act
    const none = await invalidate(petitionId, { reason: floodReason, criteria: {} });
    const misspelt = await invalidate(petitionId, {
      reason: floodReason,
      criteria: { emailDomian: 'flood.test' },
    });
    const noReason = await invalidate(petitionId, { criteria: { sourceIp: floodSource } });
    const backwards = await invalidate(petitionId, {
      reason: floodReason,
      criteria: { confirmedFrom: '2026-02-01T00:00:00Z', confirmedTo: '2026-01-01T00:00:00Z' },
    });
    const unknownPetition = await invalidate('01ARZ3NDEKTSV4RRFFQ69G5FAV', {
      reason: floodReason,
      criteria: { sourceIp: floodSource },
    });

    // Assess
    const paths = (answer: { json: { errors?: { path: string }[] } }) =>
      (answer.json.errors ?? []).map((error) => error.path);
    expect(none.status).toBe(422);
    expect(paths(none)).toEqual(['body.criteria']);
    expect(misspelt.status).toBe(422);
    expect(JSON.stringify(misspelt.json)).toContain('emailDomian');
    expect(noReason.status).toBe(422);
    expect(paths(noReason)).toEqual(['body.reason']);
    expect(backwards.status).toBe(422);
    expect(paths(backwards)).toEqual(['body.criteria.confirmedTo']);
    expect(unknownPetition.status).toBe(404);
    expect(await snapshot()).toBe(before);
  });
});

describe('the invalidation history', () => {
  it('is empty for a petition nobody invalidated from, and 404 for an unknown petition', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();

    // Act
    const empty = await historyOf(petitionId);
    const unknown = await historyOf('01ARZ3NDEKTSV4RRFFQ69G5FAV');

    // Assess
    expect(empty.json).toEqual({ items: [] });
    expect(unknown.status).toBe(404);
  });
});
