import { afterEach, describe, expect, it } from 'vitest';
import { CivicConfigError, parseConfig } from '../../infra/config';
import { resetRuntimeConfig, runtimeConfig } from '../../shared/config/runtime';
import { synthesize, testConfig } from '../infra/civic-app';

const saved = { ...process.env };

afterEach(() => {
  for (const name of ['CITY_CURRENCY', 'CURRENCY_RATES', 'STAFF_HOUR_VALUE']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  resetRuntimeConfig();
});

describe('partnership settings', () => {
  it('default to euros, no rates, 30.00 an hour, 30 days’ renewal notice and 90 days to go stale', () => {
    // Act
    const config = parseConfig({});

    // Assess
    expect(config).toMatchObject({
      currency: 'EUR',
      currencyRates: {},
      staffHourValue: 3000,
      partnershipAttention: { renewalNoticeDays: 30, staleAfterDays: 90 },
    });
  });

  it('refuses a currency that is not ISO 4217 and a rate that is not positive, naming the fields', () => {
    // Act
    const parse = () => parseConfig({ currency: 'Euro', currencyRates: { USD: -1, usd: 1 } });

    // Assess
    expect(parse).toThrow(CivicConfigError);
    expect(parse).toThrow(/currency: Use an ISO 4217 currency code/);
    expect(parse).toThrow(/currencyRates\.USD/);
  });

  it('reach every function’s environment from the deployment config', () => {
    // Prepare
    const config = {
      ...testConfig,
      currency: 'GBP',
      currencyRates: { EUR: 0.86, USD: 0.79 },
      staffHourValue: 2650,
      partnershipAttention: { renewalNoticeDays: 45, staleAfterDays: 60 },
    };

    // Act
    const { template } = synthesize(config);

    // Assess
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const partnerships = functions.find(
      (fn) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'partnerships',
    );
    expect(partnerships?.Properties.Environment.Variables).toMatchObject({
      TIME_ZONE: 'Europe/Paris',
      CITY_CURRENCY: 'GBP',
      CURRENCY_RATES: '{"EUR":0.86,"USD":0.79}',
      STAFF_HOUR_VALUE: '2650',
      PARTNERSHIP_RENEWAL_NOTICE_DAYS: '45',
      PARTNERSHIP_STALE_AFTER_DAYS: '60',
    });
  });

  it('are read back by the functions, and a malformed rate table stops them with its name', () => {
    // Prepare
    process.env.CITY_CURRENCY = 'GBP';
    process.env.CURRENCY_RATES = '{"EUR":0.86}';
    process.env.STAFF_HOUR_VALUE = '2650';
    resetRuntimeConfig();

    // Act
    const read = runtimeConfig();
    process.env.CURRENCY_RATES = '{"EUR":';
    resetRuntimeConfig();

    // Assess
    expect(read).toMatchObject({
      CITY_CURRENCY: 'GBP',
      CURRENCY_RATES: { EUR: 0.86 },
      STAFF_HOUR_VALUE: 2650,
    });
    expect(() => runtimeConfig()).toThrow(/CURRENCY_RATES: must be JSON such as/);
  });
});
