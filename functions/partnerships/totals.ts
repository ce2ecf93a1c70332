import type { PartnerContributionKind } from '../../events/partnerships';
import type { PartnerTotals, SpendTotals } from './schemas';

/**
 * Contribution counters, kept on the partnership item and on one totals item per organisation
 * and per initiative. Values are integers in minor units of the city's currency; staff time is
 * counted in hundredths of an hour so sums stay exact.
 */
export const counterNames = [
  'moneyValue',
  'moneyCount',
  'inKindValue',
  'inKindCount',
  'staffHoursValue',
  'staffHoursCount',
  'staffCentiHours',
  'citySpendValue',
  'citySpendCount',
] as const;
export type Counters = Record<(typeof counterNames)[number], number>;

/** A totals item as stored: counters, and the currency they are kept in once anything was counted. */
export type StoredTotals = Partial<Counters> & { currency?: string };

export const zeroCounters = (): Counters =>
  Object.fromEntries(counterNames.map((name) => [name, 0])) as Counters;

/** What one contribution adds to the counters. */
export function counterDelta(kind: PartnerContributionKind, value: number, centiHours = 0): Counters {
  const delta = zeroCounters();
  delta[`${kind}Value`] = value;
  delta[`${kind}Count`] = 1;
  if (kind === 'staffHours') delta.staffCentiHours = centiHours;
  return delta;
}

const count = (counters: Partial<Counters>, name: keyof Counters) => counters[name] ?? 0;

/** Partner contributions by kind and in total, in the city's currency (what an organisation gave). */
export function partnerTotals(counters: Partial<Counters>, currency: string): PartnerTotals {
  const value = (amount: number) => ({ amount, currency });
  const money = count(counters, 'moneyValue');
  const inKind = count(counters, 'inKindValue');
  const staffHours = count(counters, 'staffHoursValue');
  return {
    currency,
    money: { value: value(money), count: count(counters, 'moneyCount') },
    inKind: { value: value(inKind), count: count(counters, 'inKindCount') },
    staffHours: {
      value: value(staffHours),
      count: count(counters, 'staffHoursCount'),
      hours: count(counters, 'staffCentiHours') / 100,
    },
    partnerTotal: value(money + inKind + staffHours),
  };
}

/**
 * Partner totals plus the city's own spend and the leveraged value: partner contributions ÷
 * city spend (how much partners add per unit the city spends), null until the city records spend.
 */
export function spendTotals(counters: Partial<Counters>, currency: string): SpendTotals {
  const partner = partnerTotals(counters, currency);
  const citySpend = count(counters, 'citySpendValue');
  return {
    ...partner,
    citySpend: { value: { amount: citySpend, currency }, count: count(counters, 'citySpendCount') },
    leverage: citySpend > 0 ? Math.round((partner.partnerTotal.amount / citySpend) * 10_000) / 10_000 : null,
  };
}
