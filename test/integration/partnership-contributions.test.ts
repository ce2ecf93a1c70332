import { afterEach, describe, expect, it } from 'vitest';
import { initiativeExists } from '../../functions/participation/published';
import { dynamoPartnershipStore } from '../../functions/partnerships/dynamo-store';
import { partnershipService } from '../../functions/partnerships/service';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import type { Principal } from '../../shared/http/route';
import { allItems, countItems } from '../support/api';
import {
  activePartnership,
  createInitiative,
  createOrganization,
  createPartnership,
  partnershipsApi,
} from '../support/partnership-fixtures';

const staff: Principal = { kind: 'staff', userId: 'staff-coordinator', roles: ['coordinator'] };
const eur = (amount: number) => ({ amount, currency: 'EUR' });

const changedVariables = new Set<string>();
const original = { ...process.env };

/** Sets function configuration for the rest of a test (read again on the next request). */
function configure(variables: Record<string, string>) {
  for (const [name, value] of Object.entries(variables)) {
    changedVariables.add(name);
    process.env[name] = value;
  }
  resetRuntimeConfig();
}

afterEach(() => {
  for (const name of changedVariables) {
    if (original[name] === undefined) delete process.env[name];
    else process.env[name] = original[name];
  }
  changedVariables.clear();
  resetRuntimeConfig();
});

const contribute = (
  partnershipId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) => partnershipsApi('POST', `/partnerships/${partnershipId}/contributions`, { body, headers });

async function recorded(partnershipId: string, body: Record<string, unknown>) {
  const answer = await contribute(partnershipId, body);
  if (answer.status !== 201) throw new Error(`contribution: ${answer.status} ${answer.body}`);
  return answer.json;
}

const totalsOf = async (partnershipId: string) =>
  (await partnershipsApi('GET', `/partnerships/${partnershipId}`)).json.totals;
const organizationTotals = async (organizationId: string) =>
  (await partnershipsApi('GET', `/organizations/${organizationId}`)).json.totals;
const initiativeTotals = async (initiativeId: string) =>
  (await partnershipsApi('GET', `/initiatives/${initiativeId}/partnership-totals`)).json.totals;

describe('partner contributions', () => {
  it('adds money, in kind, staff hours and city spend to every total, with the leveraged value', async () => {
    // Prepare
    const foodBank = await createOrganization();
    const bakery = await createOrganization({ name: 'Mill Lane Bakery', type: 'business' });
    const initiativeId = await createInitiative();
    const { partnershipId } = await activePartnership({
      organizationIds: [foodBank.organizationId, bakery.organizationId],
      initiativeIds: [initiativeId],
    });

    // Act
    await recorded(partnershipId, {
      kind: 'money',
      organizationId: foodBank.organizationId,
      amount: eur(50_000),
    });
    await recorded(partnershipId, {
      kind: 'inKind',
      organizationId: bakery.organizationId,
      description: 'Bread for the summer lunches',
      estimatedValue: eur(12_000),
    });
    const hours = await recorded(partnershipId, {
      kind: 'staffHours',
      organizationId: foodBank.organizationId,
      hours: 12.5,
    });
    await recorded(partnershipId, { kind: 'citySpend', amount: eur(40_000), description: 'Hall hire' });

    // Assess
    // 12.5 h × 30.00 EUR (the default hourly value) = 375.00 EUR.
    expect(hours.value).toEqual(eur(37_500));
    const expected = {
      currency: 'EUR',
      money: { value: eur(50_000), count: 1 },
      inKind: { value: eur(12_000), count: 1 },
      staffHours: { value: eur(37_500), count: 1, hours: 12.5 },
      partnerTotal: eur(99_500),
      citySpend: { value: eur(40_000), count: 1 },
      // 995.00 ÷ 400.00
      leverage: 2.4875,
    };
    expect(await totalsOf(partnershipId)).toEqual(expected);
    expect(await initiativeTotals(initiativeId)).toEqual(expected);
    expect(await organizationTotals(foodBank.organizationId)).toEqual({
      currency: 'EUR',
      money: { value: eur(50_000), count: 1 },
      inKind: { value: eur(0), count: 0 },
      staffHours: { value: eur(37_500), count: 1, hours: 12.5 },
      partnerTotal: eur(87_500),
    });
    expect((await organizationTotals(bakery.organizationId)).partnerTotal).toEqual(eur(12_000));
    const list = await partnershipsApi('GET', `/partnerships/${partnershipId}/contributions`);
    expect(list.json.items.map((item: { kind: string }) => item.kind)).toEqual([
      'money',
      'inKind',
      'staffHours',
      'citySpend',
    ]);
  });

  it('adds up an organisation across partnerships and an initiative across its partnerships', async () => {
    // Prepare
    const organization = await createOrganization();
    const [parks, meals] = [await createInitiative('Parks'), await createInitiative('Meals')];
    const first = await activePartnership({
      organizationIds: [organization.organizationId],
      initiativeIds: [parks],
    });
    const second = await activePartnership({
      organizationIds: [organization.organizationId],
      initiativeIds: [parks, meals],
    });
    const { organizationId } = organization;

    // Act
    await recorded(first.partnershipId, { kind: 'money', organizationId, amount: eur(1_000) });
    await recorded(second.partnershipId, {
      kind: 'money',
      organizationId,
      amount: eur(2_000),
      initiativeId: meals,
    });
    await recorded(second.partnershipId, {
      kind: 'inKind',
      organizationId,
      description: 'Gardening tools',
      estimatedValue: eur(500),
      initiativeId: parks,
    });
    const unnamed = await contribute(second.partnershipId, { kind: 'money', organizationId, amount: eur(1) });

    // Assess
    expect(unnamed.status).toBe(422);
    expect(unnamed.json.errors[0].path).toBe('body.initiativeId');
    expect((await organizationTotals(organizationId)).partnerTotal).toEqual(eur(3_500));
    expect((await initiativeTotals(parks)).partnerTotal).toEqual(eur(1_500));
    expect((await initiativeTotals(meals)).partnerTotal).toEqual(eur(2_000));
    expect((await totalsOf(second.partnershipId)).partnerTotal).toEqual(eur(2_500));
  });

  describe('currencies', () => {
    it('refuses a currency without a configured rate with 422, writing nothing', async () => {
      // Prepare
      const { partnershipId, organizationIds } = await activePartnership();
      const organizationId = organizationIds[0];
      const before = await countItems();

      // Act
      const dollars = await contribute(partnershipId, {
        kind: 'money',
        organizationId,
        amount: { amount: 10_000, currency: 'USD' },
      });
      const yen = await contribute(partnershipId, {
        kind: 'inKind',
        organizationId,
        description: 'Printing',
        estimatedValue: { amount: 5_000, currency: 'JPY' },
      });
      const spend = await contribute(partnershipId, {
        kind: 'citySpend',
        amount: { amount: 100, currency: 'GBP' },
      });

      // Assess
      expect(dollars.status).toBe(422);
      expect(dollars.json.errors[0]).toEqual({
        path: 'body.amount.currency',
        message: expect.stringContaining('no rate for USD is configured'),
      });
      expect(yen.status).toBe(422);
      expect(yen.json.errors[0].path).toBe('body.estimatedValue.currency');
      expect(spend.status).toBe(422);
      expect(await countItems()).toBe(before);
      expect((await totalsOf(partnershipId)).partnerTotal).toEqual(eur(0));
    });

    it('converts other currencies at the configured rates, rounding half up to the cent', async () => {
      // Prepare
      configure({ CURRENCY_RATES: JSON.stringify({ USD: 0.9, JPY: 0.0061 }) });
      const { partnershipId, organizationIds } = await activePartnership();
      const organizationId = organizationIds[0];

      // Act
      const dollars = await recorded(partnershipId, {
        kind: 'money',
        organizationId,
        amount: { amount: 1_005, currency: 'USD' },
      });
      const euros = await recorded(partnershipId, { kind: 'money', organizationId, amount: eur(1_000) });
      const yen = await recorded(partnershipId, {
        kind: 'inKind',
        organizationId,
        description: 'Printing',
        estimatedValue: { amount: 12_345, currency: 'JPY' },
      });

      // Assess
      // 10.05 USD × 0.9 = 9.045 EUR → 905 cents; 12,345 JPY × 0.0061 = 75.3045 EUR → 7,530 cents.
      expect(dollars).toMatchObject({
        value: eur(905),
        rate: 0.9,
        amount: { amount: 1_005, currency: 'USD' },
      });
      expect(euros.value).toEqual(eur(1_000));
      expect(euros.rate).toBeUndefined();
      expect(yen).toMatchObject({ value: eur(7_530), rate: 0.0061 });
      expect(await totalsOf(partnershipId)).toMatchObject({
        money: { value: eur(1_905), count: 2 },
        inKind: { value: eur(7_530), count: 1 },
        partnerTotal: eur(9_435),
      });
    });

    it('refuses new contributions with 409 when the city’s currency was changed under existing totals', async () => {
      // Prepare
      const { partnershipId, organizationIds } = await activePartnership();
      configure({ CITY_CURRENCY: 'USD' });

      // Act
      const answer = await contribute(partnershipId, {
        kind: 'money',
        organizationId: organizationIds[0],
        amount: { amount: 100, currency: 'USD' },
      });

      // Assess
      expect(answer.status).toBe(409);
      expect(answer.json.reason).toBe('totals-currency-changed');
    });
  });

  it('values staff hours at the configured hourly value', async () => {
    // Prepare
    configure({ STAFF_HOUR_VALUE: '4250' });
    const { partnershipId, organizationIds } = await activePartnership();

    // Act
    const answer = await recorded(partnershipId, {
      kind: 'staffHours',
      organizationId: organizationIds[0],
      hours: 2.75,
    });

    // Assess
    // 2.75 h × 42.50 = 116.875 → 116.88
    expect(answer.value).toEqual(eur(11_688));
    expect((await totalsOf(partnershipId)).staffHours).toEqual({ value: eur(11_688), count: 1, hours: 2.75 });
  });

  it('refuses contributions to a proposed partnership with 409', async () => {
    // Prepare
    const { partnershipId, organizationIds } = await createPartnership();
    const before = await countItems();

    // Act
    const answer = await contribute(partnershipId, {
      kind: 'money',
      organizationId: organizationIds[0],
      amount: eur(1),
    });

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.json.reason).toBe('partnership-not-started');
    expect(await countItems()).toBe(before);
  });

  it('refuses an organisation outside the partnership, a foreign initiative and a future date', async () => {
    // Prepare
    const { partnershipId, organizationIds } = await activePartnership();
    const outsider = await createOrganization({ name: 'Outsider' });
    const otherInitiative = await createInitiative('Elsewhere');
    const future = new Date(Date.now() + 3 * 24 * 3600_000).toISOString().slice(0, 10);

    // Act
    const answers = await Promise.all([
      contribute(partnershipId, { kind: 'money', organizationId: outsider.organizationId, amount: eur(1) }),
      contribute(partnershipId, {
        kind: 'money',
        organizationId: organizationIds[0],
        amount: eur(1),
        initiativeId: otherInitiative,
      }),
      contribute(partnershipId, {
        kind: 'money',
        organizationId: organizationIds[0],
        amount: eur(1),
        date: future,
      }),
    ]);

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([422, 422, 422]);
    expect(answers.map((answer) => answer.json.errors[0].path)).toEqual([
      'body.organizationId',
      'body.initiativeId',
      'body.date',
    ]);
  });

  it('files each contribution under the month of its date, by partnership and by initiative', async () => {
    // Prepare
    const { partnershipId, organizationIds, initiativeIds } = await activePartnership();

    // Act
    const march = await recorded(partnershipId, {
      kind: 'money',
      organizationId: organizationIds[0],
      amount: eur(700),
      date: '2026-03-31',
    });

    // Assess
    const item = (await allItems()).find((candidate) => candidate.contributionId === march.contributionId);
    expect(item).toMatchObject({
      pk: `PARTNERSHIP#${partnershipId}`,
      gsi1pk: 'PARTNER_CONTRIBUTIONS#2026-03',
      gsi1sk: `2026-03-31#${march.contributionId}`,
      gsi2pk: `PARTNERSHIPS#INITIATIVE#${initiativeIds[0]}`,
      gsi2sk: `PARTNER_CONTRIBUTION#2026-03-31#${march.contributionId}`,
    });
  });

  it('dates a contribution by the city’s calendar when no date is given', async () => {
    // Prepare
    configure({ TIME_ZONE: 'Pacific/Auckland' });
    // 12:30 UTC on 31 March is 01:30 on 1 April in Auckland (NZDT, UTC+13).
    const service = partnershipService(dynamoPartnershipStore, () => new Date('2026-03-31T12:30:00Z'), {
      initiativeExists,
    });
    const organization = await createOrganization();
    const initiativeId = await createInitiative();
    const created = await service.createPartnership(
      {
        name: 'Night shift',
        organizationIds: [organization.organizationId],
        initiativeIds: [initiativeId],
        goals: [],
        roles: [],
      },
      staff,
    );
    await service.changePartnership(
      created.partnershipId,
      { status: 'active', note: 'Signed.' },
      '"1"',
      staff,
    );

    // Act
    const contribution = await service.recordContribution(
      created.partnershipId,
      { kind: 'money', organizationId: organization.organizationId, amount: eur(100) },
      staff,
    );

    // Assess
    expect(contribution.date).toBe('2026-04-01');
    const items = await allItems();
    expect(items.find((item) => item.contributionId === contribution.contributionId)?.gsi1pk).toBe(
      'PARTNER_CONTRIBUTIONS#2026-04',
    );
    const history = items.filter(
      (item) => item.pk === `PARTNERSHIP#${created.partnershipId}` && item.version,
    );
    expect(
      history.filter((item) => String(item.sk).startsWith('HISTORY#')).map((item) => item.gsi1pk),
    ).toEqual(['PARTNERSHIP_HISTORY#2026-04', 'PARTNERSHIP_HISTORY#2026-04']);
  });

  it('counts every one of 20 parallel contributions exactly once in every total', async () => {
    // Prepare
    const { partnershipId, organizationIds, initiativeIds } = await activePartnership();
    const organizationId = organizationIds[0] as string;

    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        contribute(partnershipId, { kind: 'money', organizationId, amount: eur(100 + index) }),
      ),
    );

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
    // 100 + 101 + … + 119
    const sum = 20 * 100 + (19 * 20) / 2;
    expect((await totalsOf(partnershipId)).money).toEqual({ value: eur(sum), count: 20 });
    expect((await organizationTotals(organizationId)).money).toEqual({ value: eur(sum), count: 20 });
    expect((await initiativeTotals(initiativeIds[0] as string)).money).toEqual({
      value: eur(sum),
      count: 20,
    });
    const events = (await allItems()).filter(
      (item) =>
        item.detailType === 'PartnerContributionRecorded' &&
        (item.detail as { partnershipId: string }).partnershipId === partnershipId,
    );
    expect(events).toHaveLength(20);
  });

  it('publishes PartnerContributionRecorded without free text', async () => {
    // Prepare
    const { partnershipId, organizationIds } = await activePartnership();

    // Act
    const contribution = await recorded(partnershipId, {
      kind: 'inKind',
      organizationId: organizationIds[0],
      description: 'Call Dana on 07700 900123 for the van keys',
      estimatedValue: eur(2_500),
      note: 'Delivered by dana@foodbank.example.org',
    });

    // Assess
    const event = (await allItems()).find(
      (item) =>
        item.detailType === 'PartnerContributionRecorded' &&
        (item.detail as { contributionId: string }).contributionId === contribution.contributionId,
    );
    expect(event?.detail).toMatchObject({
      kind: 'inKind',
      value: eur(2_500),
      organizationId: organizationIds[0],
    });
    expect(JSON.stringify(event?.detail)).not.toMatch(/Dana|dana|07700/);
  });

  it('answers a retried contribution with the same Idempotency-Key once, counting it once', async () => {
    // Prepare
    const { partnershipId, organizationIds } = await activePartnership();
    const body = { kind: 'money', organizationId: organizationIds[0], amount: eur(2_000) };
    const headers = { 'Idempotency-Key': 'contribution-retry-1' };

    // Act
    const first = await contribute(partnershipId, body, headers);
    const retries = await Promise.all([1, 2, 3].map(() => contribute(partnershipId, body, headers)));

    // Assess
    expect(first.status).toBe(201);
    for (const retry of retries) expect(retry.json.contributionId).toBe(first.json.contributionId);
    expect((await totalsOf(partnershipId)).money).toEqual({ value: eur(2_000), count: 1 });
  });

  it('returns 404 for the totals of an unknown initiative and the contributions of an unknown partnership', async () => {
    // Act
    const totals = await partnershipsApi('GET', '/initiatives/01ARZ3NDEKTSV4RRFFQ69G5FAV/partnership-totals');
    const list = await partnershipsApi('GET', '/partnerships/01ARZ3NDEKTSV4RRFFQ69G5FAV/contributions');
    const post = await contribute('01ARZ3NDEKTSV4RRFFQ69G5FAV', { kind: 'citySpend', amount: eur(1) });

    // Assess
    expect([totals.status, list.status, post.status]).toEqual([404, 404, 404]);
  });

  it('lets analysts read totals but not record contributions', async () => {
    // Prepare
    const { partnershipId, initiativeIds } = await activePartnership();

    // Act
    const read = await partnershipsApi('GET', `/initiatives/${initiativeIds[0]}/partnership-totals`, {
      role: 'analyst',
    });
    const write = await partnershipsApi('POST', `/partnerships/${partnershipId}/contributions`, {
      role: 'analyst',
      body: { kind: 'citySpend', amount: eur(1) },
    });

    // Assess
    expect(read.status).toBe(200);
    expect(write.status).toBe(403);
  });
});
