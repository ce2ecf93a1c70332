import { describe, expect, it } from 'vitest';
import { addDays, localDate, localMonth } from '../../functions/partnerships/calendar';
import { assertTransition, stageOf } from '../../functions/partnerships/lifecycle';
import { counterDelta, spendTotals } from '../../functions/partnerships/totals';
import { expectedVersionOf } from '../../functions/partnerships/versioning';
import { keys } from '../../shared/db/keys';
import { ConflictError, InvalidFieldError } from '../../shared/domain/errors';
import { convertMoney, minorUnitDigits } from '../../shared/domain/money';

describe('money', () => {
  it('knows each currency’s minor unit', () => {
    expect([minorUnitDigits('EUR'), minorUnitDigits('JPY'), minorUnitDigits('KWD')]).toEqual([2, 0, 3]);
  });

  it('keeps an amount in the target currency as it is, without a rate', () => {
    expect(convertMoney({ amount: 1234, currency: 'EUR' }, 'EUR', { USD: 0.9 })).toEqual({ amount: 1234 });
  });

  it('converts between minor units of different sizes at the configured rate', () => {
    // 1,000 JPY × 0.0062 = 6.20 EUR; 12.50 EUR × 0.33 = 4.125 KWD = 4,125 fils.
    expect(convertMoney({ amount: 1000, currency: 'JPY' }, 'EUR', { JPY: 0.0062 })).toEqual({
      amount: 620,
      rate: 0.0062,
    });
    expect(convertMoney({ amount: 1250, currency: 'EUR' }, 'KWD', { EUR: 0.33 })?.amount).toBe(4125);
  });

  it('rounds half up to a whole minor unit, despite binary noise', () => {
    // 1,005 × 1.1 is 1,105.5000000000002 in binary floating point; the exact 1,105.5 rounds to 1,106.
    expect(convertMoney({ amount: 1005, currency: 'USD' }, 'EUR', { USD: 1.1 })?.amount).toBe(1106);
    // 1,005 × 0.9 = 904.5 exactly → 905; 1,004 × 0.9 = 903.6 → 904.
    expect(convertMoney({ amount: 1005, currency: 'USD' }, 'EUR', { USD: 0.9 })?.amount).toBe(905);
    expect(convertMoney({ amount: 1004, currency: 'USD' }, 'EUR', { USD: 0.9 })?.amount).toBe(904);
  });

  it('gives nothing when no rate is configured, so callers refuse rather than mix', () => {
    expect(convertMoney({ amount: 100, currency: 'USD' }, 'EUR', {})).toBeUndefined();
  });
});

describe('totals', () => {
  it('reports leverage as partner contributions ÷ city spend, null before any spend', () => {
    // Prepare
    const partner = counterDelta('money', 30_000);
    const spend = counterDelta('citySpend', 20_000);
    const both = Object.fromEntries(
      Object.entries(partner).map(([name, value]) => [name, value + spend[name as keyof typeof spend]]),
    );

    // Act
    const withoutSpend = spendTotals(partner, 'EUR');
    const withSpend = spendTotals(both, 'EUR');

    // Assess
    expect(withoutSpend.leverage).toBeNull();
    expect(withSpend.leverage).toBe(1.5);
    expect(withSpend.partnerTotal).toEqual({ amount: 30_000, currency: 'EUR' });
  });

  it('counts staff time in hundredths of an hour', () => {
    expect(spendTotals(counterDelta('staffHours', 7_500, 250), 'EUR').staffHours).toEqual({
      value: { amount: 7_500, currency: 'EUR' },
      count: 1,
      hours: 2.5,
    });
  });
});

describe('city calendar', () => {
  it('dates an instant by the city’s time zone', () => {
    // 22:30 UTC on 31 March is 00:30 on 1 April in Paris (CEST, UTC+2).
    expect(localDate(new Date('2026-03-31T22:30:00Z'), 'Europe/Paris')).toBe('2026-04-01');
    expect(localDate(new Date('2026-03-31T22:30:00Z'), 'America/New_York')).toBe('2026-03-31');
    expect(localMonth(new Date('2026-12-31T23:30:00Z'), 'Asia/Tokyo')).toBe('2027-01');
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-25', 30)).toBe('2027-01-24');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('lifecycle', () => {
  it('treats completed and ended as closed, everything else as open', () => {
    expect(['proposed', 'active', 'paused', 'completed', 'ended'].map((s) => stageOf(s as never))).toEqual([
      'open',
      'open',
      'open',
      'closed',
      'closed',
    ]);
  });

  it('names what a partnership can become when a transition is refused', () => {
    expect(() => assertTransition('proposed', 'paused')).toThrow(
      'A proposed partnership cannot become paused; it can become: active, ended.',
    );
    expect(() => assertTransition('active', 'active')).toThrow(ConflictError);
    expect(() => assertTransition('ended', 'active')).toThrow(/final/);
  });
});

describe('expected version', () => {
  it('reads the version from the body or from If-Match in its usual forms', () => {
    expect(expectedVersionOf(3, undefined)).toBe(3);
    expect(['3', '"3"', 'W/"3"', ' "3" '].map((header) => expectedVersionOf(undefined, header))).toEqual([
      3, 3, 3, 3,
    ]);
    expect(expectedVersionOf(3, '"3"')).toBe(3);
  });

  it('refuses a missing, malformed or contradictory version', () => {
    expect(() => expectedVersionOf(undefined, undefined)).toThrow(InvalidFieldError);
    expect(() => expectedVersionOf(undefined, '*')).toThrow(InvalidFieldError);
    expect(() => expectedVersionOf(2, '"3"')).toThrow(InvalidFieldError);
  });
});

describe('organisation name keys', () => {
  it('fold case, accents and spacing, so a prefix finds the name however it is typed', () => {
    const key = keys.organizationNamePrefix('Café  Solidaire');
    expect(key).toBe(keys.organizationNamePrefix(' cafe solidaire'));
    expect(key.startsWith(keys.organizationNamePrefix('CAFÉ S'))).toBe(true);
  });

  it('never contain the key separator, whatever the name holds', () => {
    expect(keys.organizationNamePrefix('River#Side 100%')).toBe('river%23side 100%25');
    expect(keys.organizationList('01ARZ3NDEKTSV4RRFFQ69G5FAV', 'A#B', 'other').gsi1sk).toBe(
      'a%23b#01ARZ3NDEKTSV4RRFFQ69G5FAV',
    );
  });
});
