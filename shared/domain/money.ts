import { z } from 'zod';

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 alphabetic code that the runtime's ICU knows (so its minor unit is known too). */
export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 currency code such as EUR.')
  .refine((code) => knownCurrencies.has(code), 'Not an ISO 4217 currency code.');

/** The largest amount Civic accepts, in minor units: far above any city budget, far below 2^53. */
export const MAX_MINOR_UNITS = 1e12;

/** Money as the API carries it: an integer number of minor units (cents) and its currency. */
export const money = z
  .object({
    amount: z
      .number()
      .int('Give whole minor units (cents), e.g. 1250 for 12.50.')
      .min(0)
      .max(MAX_MINOR_UNITS)
      .describe('In minor units of the currency (cents for EUR, yen for JPY).'),
    currency: currencyCode,
  })
  .describe('`{ amount, currency }`: `amount` in minor units, `currency` an ISO 4217 code.');
export type Money = z.output<typeof money>;

/**
 * Exchange rates into the city's currency: `{ "USD": 0.92 }` reads "one US dollar is worth 0.92
 * of the city's currency" (major units, as rates are quoted).
 */
export const currencyRates = z.record(currencyCode, z.number().positive().finite());
export type CurrencyRates = z.output<typeof currencyRates>;

/** How many digits a currency's minor unit has: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits as number;
}

/**
 * `amount` expressed in `target`'s minor units: unchanged in the same currency, converted at the
 * configured rate (rounded half up to a whole minor unit) otherwise. Undefined when no rate is
 * configured, so a caller can refuse to mix currencies rather than guess.
 */
export function convertMoney(
  amount: Money,
  target: string,
  rates: CurrencyRates,
): { amount: number; rate?: number } | undefined {
  if (amount.currency === target) return { amount: amount.amount };
  const rate = rates[amount.currency];
  if (rate === undefined) return undefined;
  const scale = 10 ** (minorUnitDigits(target) - minorUnitDigits(amount.currency));
  // toPrecision(15) drops binary noise (1005 × 1.1 = 1105.5000000000002) before rounding half up.
  const exact = Number((amount.amount * rate * scale).toPrecision(15));
  return { amount: Math.floor(exact + 0.5), rate };
}
