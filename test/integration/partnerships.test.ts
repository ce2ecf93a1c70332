import { describe, expect, it } from 'vitest';
import { type PartnershipStatus, partnershipStatuses } from '../../events/partnerships';
import { initiativeExists } from '../../functions/participation/published';
import { dynamoPartnershipStore } from '../../functions/partnerships/dynamo-store';
import { allowedTransitions } from '../../functions/partnerships/lifecycle';
import { partnershipService } from '../../functions/partnerships/service';
import type { Principal } from '../../shared/http/route';
import { allItems, countItems } from '../support/api';
import {
  activePartnership,
  changeStatus,
  createInitiative,
  createOrganization,
  createPartnership,
  partnershipsApi,
} from '../support/partnership-fixtures';

const DAY = 24 * 60 * 60 * 1000;
const staff: Principal = { kind: 'staff', userId: 'staff-coordinator', roles: ['coordinator'] };

/** The shortest allowed path from `proposed` to each status. */
const pathTo: Record<PartnershipStatus, PartnershipStatus[]> = {
  proposed: [],
  active: ['active'],
  paused: ['active', 'paused'],
  completed: ['active', 'completed'],
  ended: ['ended'],
};

async function partnershipAt(status: PartnershipStatus) {
  const created = await createPartnership();
  let version = created.version;
  for (const step of pathTo[status]) {
    const answer = await changeStatus(created.partnershipId, version, step);
    expect(answer.status).toBe(200);
    version = answer.json.version;
  }
  return { partnershipId: created.partnershipId, version };
}

const outboxEvents = async (detailType: string, partnershipId: string) =>
  (await allItems()).filter(
    (item) =>
      item.detailType === detailType &&
      (item.detail as { partnershipId: string }).partnershipId === partnershipId,
  );

const dateInDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describe('partnerships', () => {
  it('records a partnership as proposed, with its first history entry and a PartnershipFormed event', async () => {
    // Prepare
    const organization = await createOrganization();
    const initiativeId = await createInitiative();

    // Act
    const answer = await partnershipsApi('POST', '/partnerships', {
      body: {
        name: 'Riverside summer meals',
        organizationIds: [organization.organizationId],
        initiativeIds: [initiativeId],
        goals: ['Serve 2,000 summer meals'],
        roles: [
          { party: organization.organizationId, description: 'Runs the kitchen' },
          { party: 'city', description: 'Provides the hall' },
        ],
        startDate: '2026-06-01',
        endDate: '2026-09-30',
      },
    });

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      status: 'proposed',
      version: 1,
      createdBy: 'staff-coordinator',
      totals: { currency: 'EUR', partnerTotal: { amount: 0, currency: 'EUR' }, leverage: null },
    });
    expect(answer.json.history).toEqual([
      {
        version: 1,
        at: answer.json.createdAt,
        by: 'staff-coordinator',
        changes: [{ field: 'status', from: null, to: 'proposed' }],
      },
    ]);
    const events = await outboxEvents('PartnershipFormed', answer.json.partnershipId);
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toMatchObject({
      organizationIds: [organization.organizationId],
      initiativeIds: [initiativeId],
      formedBy: 'staff-coordinator',
    });
  });

  it('refuses unknown organisations and initiatives with 422 naming the entry, writing nothing', async () => {
    // Prepare
    const organization = await createOrganization();
    const initiativeId = await createInitiative();
    const before = await countItems();

    // Act
    const unknownOrganization = await partnershipsApi('POST', '/partnerships', {
      body: {
        name: 'Ghost partnership',
        organizationIds: [organization.organizationId, '01ARZ3NDEKTSV4RRFFQ69G5FAV'],
        initiativeIds: [initiativeId],
      },
    });
    const unknownInitiative = await partnershipsApi('POST', '/partnerships', {
      body: {
        name: 'Ghost partnership',
        organizationIds: [organization.organizationId],
        initiativeIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'],
      },
    });

    // Assess
    expect(unknownOrganization.status).toBe(422);
    expect(unknownOrganization.json.errors).toEqual([
      { path: 'body.organizationIds.1', message: 'No organisation with this ID.' },
    ]);
    expect(unknownInitiative.status).toBe(422);
    expect(unknownInitiative.json.errors[0].path).toBe('body.initiativeIds.0');
    expect(await countItems()).toBe(before);
  });

  it('refuses a role for a party outside the partnership and an end before the start', async () => {
    // Prepare
    const organization = await createOrganization();
    const initiativeId = await createInitiative();

    // Act
    const answer = await partnershipsApi('POST', '/partnerships', {
      body: {
        name: 'Muddled partnership',
        organizationIds: [organization.organizationId],
        initiativeIds: [initiativeId],
        roles: [{ party: '01ARZ3NDEKTSV4RRFFQ69G5FAV', description: 'Someone else' }],
        startDate: '2026-06-01',
        endDate: '2026-05-01',
      },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      'body.endDate',
      'body.roles.0.party',
    ]);
  });

  describe('lifecycle', () => {
    const pairs = partnershipStatuses.flatMap((from) => partnershipStatuses.map((to) => [from, to] as const));

    it('knows 8 allowed transitions among the 25 pairs', () => {
      expect(pairs.filter(([from, to]) => allowedTransitions[from].includes(to))).toHaveLength(8);
    });

    it.each(pairs.filter(([from, to]) => allowedTransitions[from].includes(to)))(
      'moves a %s partnership to %s, keeping who, when, from, to and note',
      async (from, to) => {
        // Prepare
        const { partnershipId, version } = await partnershipAt(from);

        // Act
        const answer = await changeStatus(partnershipId, version, to, `Moving on to ${to}.`);

        // Assess
        expect(answer.status).toBe(200);
        expect(answer.json.status).toBe(to);
        expect(answer.json.version).toBe(version + 1);
        expect(answer.json.history.at(-1)).toEqual({
          version: version + 1,
          at: answer.json.updatedAt,
          by: 'staff-coordinator',
          note: `Moving on to ${to}.`,
          changes: [{ field: 'status', from, to }],
        });
        const events = await outboxEvents('PartnershipStatusChanged', partnershipId);
        const event = events.find((item) => (item.detail as { version: number }).version === version + 1);
        expect(event?.detail).toMatchObject({
          fromStatus: from,
          toStatus: to,
          changedBy: 'staff-coordinator',
        });
      },
    );

    it.each(pairs.filter(([from, to]) => !allowedTransitions[from].includes(to)))(
      'refuses to move a %s partnership to %s with 409, changing nothing',
      async (from, to) => {
        // Prepare
        const { partnershipId, version } = await partnershipAt(from);
        const before = await countItems();

        // Act
        const answer = await changeStatus(partnershipId, version, to);

        // Assess
        expect(answer.status).toBe(409);
        expect(answer.json.reason).toBe('invalid-transition');
        expect(await countItems()).toBe(before);
        const read = await partnershipsApi('GET', `/partnerships/${partnershipId}`);
        expect(read.json).toMatchObject({ status: from, version });
      },
    );

    it('needs a note to change the status', async () => {
      // Prepare
      const { partnershipId, version } = await createPartnership();

      // Act
      const answer = await partnershipsApi('PATCH', `/partnerships/${partnershipId}`, {
        body: { expectedVersion: version, status: 'active' },
      });

      // Assess
      expect(answer.status).toBe(422);
      expect(answer.json.errors[0].path).toBe('body.note');
    });
  });

  describe('versions', () => {
    it('lets exactly one of 10 parallel edits based on the same version through; the rest get 409', async () => {
      // Prepare
      const { partnershipId, version } = await createPartnership();

      // Act
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          partnershipsApi('PATCH', `/partnerships/${partnershipId}`, {
            body: { expectedVersion: version, goals: [`Goal set by editor ${index}`] },
          }),
        ),
      );

      // Assess
      const winners = answers.filter((answer) => answer.status === 200);
      expect(winners).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 409)).toHaveLength(9);
      for (const loser of answers.filter((answer) => answer.status === 409))
        expect(loser.json.reason).toBe('stale-version');
      const read = await partnershipsApi('GET', `/partnerships/${partnershipId}`);
      expect(read.json.version).toBe(version + 1);
      expect(read.json.goals).toEqual(winners[0]?.json.goals);
      expect(read.json.history).toHaveLength(2);
    });

    it('lets exactly one of 10 parallel status changes through', async () => {
      // Prepare
      const { partnershipId, version } = await partnershipAt('active');

      // Act
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          changeStatus(partnershipId, version, index % 2 === 0 ? 'paused' : 'completed'),
        ),
      );

      // Assess
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 409)).toHaveLength(9);
      expect(await outboxEvents('PartnershipStatusChanged', partnershipId)).toHaveLength(2);
    });

    it('takes the version from If-Match, and refuses a stale one with 409', async () => {
      // Prepare
      const { partnershipId, version } = await createPartnership();

      // Act
      const first = await partnershipsApi('PATCH', `/partnerships/${partnershipId}`, {
        headers: { 'If-Match': `"${version}"` },
        body: { name: 'Riverside summer meals 2026' },
      });
      const stale = await partnershipsApi('PATCH', `/partnerships/${partnershipId}`, {
        headers: { 'If-Match': `"${version}"` },
        body: { name: 'Someone else’s name' },
      });

      // Assess
      expect(first.status).toBe(200);
      expect(stale.status).toBe(409);
      expect(stale.json.detail).toContain(`version ${version + 1}`);
    });

    it('refuses an edit that says no version, or two different ones', async () => {
      // Prepare
      const { partnershipId, version } = await createPartnership();

      // Act
      const none = await partnershipsApi('PATCH', `/partnerships/${partnershipId}`, {
        body: { name: 'New name' },
      });
      const disagreeing = await partnershipsApi('PATCH', `/partnerships/${partnershipId}`, {
        headers: { 'If-Match': `"${version + 1}"` },
        body: { expectedVersion: version, name: 'New name' },
      });

      // Assess
      expect(none.status).toBe(422);
      expect(none.json.errors[0].path).toBe('body.expectedVersion');
      expect(disagreeing.status).toBe(422);
    });
  });

  it('keeps each edit of goals, roles and dates in the history with the values before and after', async () => {
    // Prepare
    const created = await createPartnership({ endDate: '2026-09-30' });
    const organizationId = created.organizationIds[0];

    // Act
    const answer = await partnershipsApi('PATCH', `/partnerships/${created.partnershipId}`, {
      body: {
        expectedVersion: 1,
        note: 'Extended after the spring review.',
        goals: ['Serve 3,000 summer meals'],
        roles: [{ party: organizationId, description: 'Runs the kitchen and deliveries' }],
        endDate: null,
        startDate: '2026-05-15',
      },
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json.endDate).toBeUndefined();
    expect(answer.json.history[1]).toMatchObject({
      version: 2,
      note: 'Extended after the spring review.',
      changes: [
        { field: 'goals', from: ['Serve 2,000 summer meals'], to: ['Serve 3,000 summer meals'] },
        {
          field: 'roles',
          from: [{ party: organizationId, description: 'Runs the kitchen' }],
          to: [{ party: organizationId, description: 'Runs the kitchen and deliveries' }],
        },
        { field: 'startDate', from: null, to: '2026-05-15' },
        { field: 'endDate', from: '2026-09-30', to: null },
      ],
    });
    const read = await partnershipsApi('GET', `/partnerships/${created.partnershipId}`);
    expect(read.json.endDate).toBeUndefined();
    expect(read.json.version).toBe(2);
  });

  it('writes nothing for an edit that changes nothing', async () => {
    // Prepare
    const created = await createPartnership();
    const before = await countItems();

    // Act
    const answer = await partnershipsApi('PATCH', `/partnerships/${created.partnershipId}`, {
      body: { expectedVersion: 1, goals: ['Serve 2,000 summer meals'] },
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json.version).toBe(1);
    expect(await countItems()).toBe(before);
  });

  it('refuses an edit whose dates would end before they start', async () => {
    // Prepare
    const created = await createPartnership({ startDate: '2026-06-01' });

    // Act
    const answer = await partnershipsApi('PATCH', `/partnerships/${created.partnershipId}`, {
      body: { expectedVersion: 1, endDate: '2026-05-01' },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors[0].path).toBe('body.endDate');
  });

  it('returns 404 for a partnership that does not exist', async () => {
    // Act
    const read = await partnershipsApi('GET', '/partnerships/01ARZ3NDEKTSV4RRFFQ69G5FAV');
    const patch = await changeStatus('01ARZ3NDEKTSV4RRFFQ69G5FAV', 1, 'active');

    // Assess
    expect(read.status).toBe(404);
    expect(patch.status).toBe(404);
  });

  describe('lists', () => {
    it('lists the partnerships of an initiative, of an organisation and of a status', async () => {
      // Prepare
      const organization = await createOrganization();
      const initiativeId = await createInitiative();
      const shared = { organizationIds: [organization.organizationId], initiativeIds: [initiativeId] };
      const first = await activePartnership(shared);
      const second = await createPartnership(shared);
      const elsewhere = await activePartnership();

      // Act
      const byInitiative = await partnershipsApi('GET', '/partnerships', { query: { initiativeId } });
      const byOrganization = await partnershipsApi('GET', '/partnerships', {
        query: { organizationId: organization.organizationId },
      });
      const active = await partnershipsApi('GET', '/partnerships', {
        query: { status: 'active', limit: '100' },
      });

      // Assess
      const ids = (answer: { json: { items: { partnershipId: string }[] } }) =>
        answer.json.items.map((item) => item.partnershipId);
      expect(ids(byInitiative)).toEqual([first.partnershipId, second.partnershipId]);
      expect(ids(byOrganization)).toEqual([first.partnershipId, second.partnershipId]);
      expect(ids(active)).toEqual(expect.arrayContaining([first.partnershipId, elsewhere.partnershipId]));
      expect(ids(active)).not.toContain(second.partnershipId);
      expect(active.json.items.every((item: { status: string }) => item.status === 'active')).toBe(true);
    });

    it('pages through every partnership with a cursor', async () => {
      // Prepare
      const initiativeId = await createInitiative();
      const organization = await createOrganization();
      const created = [];
      for (let i = 0; i < 5; i++)
        created.push(
          (
            await createPartnership({
              initiativeIds: [initiativeId],
              organizationIds: [organization.organizationId],
            })
          ).partnershipId,
        );

      // Act
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await partnershipsApi('GET', '/partnerships', {
          query: { initiativeId, limit: '2', ...(cursor ? { cursor } : {}) },
        });
        expect(page.status).toBe(200);
        seen.push(...page.json.items.map((item: { partnershipId: string }) => item.partnershipId));
        cursor = page.json.nextCursor;
      } while (cursor);

      // Assess
      expect(seen).toEqual(created);
    });

    it('refuses two filters at once', async () => {
      // Act
      const answer = await partnershipsApi('GET', '/partnerships', {
        query: { status: 'active', initiativeId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
      });

      // Assess
      expect(answer.status).toBe(422);
    });

    it('is for staff: 401 without a token; analysts list partnerships as they read one, but change none', async () => {
      // Act
      const anonymous = await partnershipsApi('GET', '/partnerships', { role: 'anonymous' });
      const analyst = await partnershipsApi('GET', '/partnerships', { role: 'analyst' });
      const analystWrites = await partnershipsApi('POST', '/partnerships', { role: 'analyst', body: {} });

      // Assess
      expect(anonymous.status).toBe(401);
      expect(analyst.status).toBe(200);
      expect(analystWrites.status).toBe(403);
    });
  });

  describe('attention', () => {
    it('lists open partnerships whose renewal is due or that went stale, with the reasons', async () => {
      // Prepare
      const longAgo = new Date(Date.now() - 120 * DAY);
      const old = partnershipService(dynamoPartnershipStore, () => longAgo, { initiativeExists });
      const organization = await createOrganization();
      const initiativeId = await createInitiative();
      const refs = { organizationIds: [organization.organizationId], initiativeIds: [initiativeId] };
      const endingSoon = await activePartnership({ ...refs, endDate: dateInDays(10) });
      const overdue = await activePartnership({ ...refs, endDate: dateInDays(-3) });
      const fresh = await activePartnership({ ...refs, endDate: dateInDays(200) });
      const openEnded = await activePartnership(refs);
      const staleAndEnding = await old.createPartnership(
        { ...refs, name: 'Old', goals: [], roles: [], endDate: dateInDays(5) },
        staff,
      );
      const staleOnly = await old.createPartnership({ ...refs, name: 'Quiet', goals: [], roles: [] }, staff);
      const closedSoonEnding = await activePartnership({ ...refs, endDate: dateInDays(10) });
      expect(
        (await changeStatus(closedSoonEnding.partnershipId, closedSoonEnding.version, 'completed')).status,
      ).toBe(200);

      // Act
      const seen = new Map<string, string[]>();
      let cursor: string | undefined;
      do {
        const page = await partnershipsApi('GET', '/partnerships', {
          query: { attention: 'true', limit: '2', ...(cursor ? { cursor } : {}) },
        });
        expect(page.status).toBe(200);
        for (const item of page.json.items) seen.set(item.partnershipId, item.attention);
        cursor = page.json.nextCursor;
      } while (cursor);

      // Assess
      expect(seen.get(endingSoon.partnershipId)).toEqual(['renewal-due']);
      expect(seen.get(overdue.partnershipId)).toEqual(['renewal-due']);
      expect(seen.get(staleAndEnding.partnershipId)).toEqual(['renewal-due', 'stale']);
      expect(seen.get(staleOnly.partnershipId)).toEqual(['stale']);
      expect(seen.has(fresh.partnershipId)).toBe(false);
      expect(seen.has(openEnded.partnershipId)).toBe(false);
      expect(seen.has(closedSoonEnding.partnershipId)).toBe(false);
    });

    it('takes a stale partnership off the list once something happens to it', async () => {
      // Prepare
      const old = partnershipService(dynamoPartnershipStore, () => new Date(Date.now() - 120 * DAY), {
        initiativeExists,
      });
      const refs = {
        organizationIds: [(await createOrganization()).organizationId],
        initiativeIds: [await createInitiative()],
      };
      const quiet = await old.createPartnership({ ...refs, name: 'Quiet', goals: [], roles: [] }, staff);
      const listed = async () => {
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await partnershipsApi('GET', '/partnerships', {
            query: { attention: 'true', ...(cursor ? { cursor } : {}) },
          });
          ids.push(...page.json.items.map((item: { partnershipId: string }) => item.partnershipId));
          cursor = page.json.nextCursor;
        } while (cursor);
        return ids;
      };
      expect(await listed()).toContain(quiet.partnershipId);

      // Act
      expect(
        (await changeStatus(quiet.partnershipId, 1, 'active', 'Revived at the autumn meeting.')).status,
      ).toBe(200);

      // Assess
      expect(await listed()).not.toContain(quiet.partnershipId);
    });
  });

  it('answers a retried POST with the same Idempotency-Key with the first answer, writing once', async () => {
    // Prepare
    const organization = await createOrganization();
    const initiativeId = await createInitiative();
    const body = {
      name: 'Retried',
      organizationIds: [organization.organizationId],
      initiativeIds: [initiativeId],
    };
    const headers = { 'Idempotency-Key': 'partnership-retry-1' };

    // Act
    const first = await partnershipsApi('POST', '/partnerships', { body, headers });
    const before = await countItems();
    const retry = await partnershipsApi('POST', '/partnerships', { body, headers });

    // Assess
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json.partnershipId).toBe(first.json.partnershipId);
    expect(await countItems()).toBe(before);
    const listed = await partnershipsApi('GET', '/partnerships', { query: { initiativeId } });
    expect(listed.json.items).toHaveLength(1);
  });
});
