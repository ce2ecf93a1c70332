import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CivicConfigError, loadConfig, parseConfig, slugOf } from '../../infra/config';
import { configEnvironment } from '../../infra/function-environment';

describe('deployment config', () => {
  const directory = mkdtempSync(join(tmpdir(), 'civic-config-'));
  const missingFile = join(directory, 'absent.json');

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('has defaults that synthesize without any setup', () => {
    // Prepare
    const input = undefined;

    // Act
    const config = parseConfig(input);

    // Assess
    expect(config).toMatchObject({
      municipality: 'Example City',
      timeZone: 'UTC',
      locales: ['en'],
      allowedOrigins: [],
      logRetentionDays: 365,
      throttling: { rateLimit: 50, burstLimit: 100 },
    });
  });

  it('rejects an unknown time zone with a message naming the field', () => {
    // Prepare
    const input = { timeZone: 'Mars/Olympus_Mons' };

    // Act
    const parse = () => parseConfig(input);

    // Assess
    expect(parse).toThrow(CivicConfigError);
    expect(parse).toThrow(/timeZone: "Mars\/Olympus_Mons" is not an IANA time zone/);
  });

  it('rejects UTC offsets, which schedulers cannot use', () => {
    // Prepare
    const input = { timeZone: '+01:00' };

    // Act
    const parse = () => parseConfig(input);

    // Assess
    expect(parse).toThrow(/timeZone/);
  });

  it('lists every bad field at once', () => {
    // Prepare
    const input = {
      locales: ['not a locale!'],
      allowedOrigins: ['https://www.example.gov/path'],
      senderAddress: 'nobody',
      logRetentionDays: 42,
      throttling: { rateLimit: -1 },
      surprise: true,
    };

    // Act
    let error: CivicConfigError | undefined;
    try {
      parseConfig(input);
    } catch (caught) {
      error = caught as CivicConfigError;
    }

    // Assess
    expect(error?.problems.map((problem) => problem.split(':')[0])).toEqual(
      expect.arrayContaining([
        'locales.0',
        'allowedOrigins.0',
        'senderAddress',
        'logRetentionDays',
        'throttling.rateLimit',
        '(root)',
      ]),
    );
    expect(error?.message).toContain('unknown setting(s) surprise');
  });

  it('reads CDK context given as JSON text with -c', () => {
    // Prepare
    const context = JSON.stringify({
      municipality: 'Gemeente Utrecht',
      timeZone: 'Europe/Amsterdam',
      locales: ['nl', 'en'],
    });

    // Act
    const config = loadConfig({ context, file: missingFile });

    // Assess
    expect(config).toMatchObject({
      municipality: 'Gemeente Utrecht',
      timeZone: 'Europe/Amsterdam',
      locales: ['nl', 'en'],
    });
  });

  it('lets context override the settings file, merging throttling key by key', () => {
    // Prepare
    const file = join(directory, 'civic.config.json');
    writeFileSync(
      file,
      JSON.stringify({ municipality: 'Ciudad Ejemplo', wafRateLimit: 300, throttling: { rateLimit: 20 } }),
    );
    const context = { wafRateLimit: 800, throttling: { burstLimit: 40 } };

    // Act
    const config = loadConfig({ context, file });

    // Assess
    expect(config).toMatchObject({
      municipality: 'Ciudad Ejemplo',
      wafRateLimit: 800,
      throttling: { rateLimit: 20, burstLimit: 40 },
    });
  });

  it('gives every function the confirmation windows, merged key by key', () => {
    // Prepare
    const file = join(directory, 'civic.config.json');
    writeFileSync(file, JSON.stringify({ confirmations: { voteHours: 48 } }));

    // Act
    const config = loadConfig({ context: { confirmations: { seatHoldMinutes: 15 } }, file });
    const environment = configEnvironment(config);

    // Assess
    expect(config.confirmations).toEqual({ voteHours: 48, responseHours: 24, seatHoldMinutes: 15 });
    expect(environment).toMatchObject({ VOTE_CONFIRMATION_HOURS: '48', SEAT_HOLD_MINUTES: '15' });
    expect(() => parseConfig({ confirmations: { seatHoldMinutes: 1 } })).toThrow(
      /confirmations\.seatHoldMinutes/,
    );
  });

  it('names the file when it is not JSON', () => {
    // Prepare
    const file = join(directory, 'broken.json');
    writeFileSync(file, '{ municipality: ');

    // Act
    const load = () => loadConfig({ file });

    // Assess
    expect(load).toThrow(/broken\.json/);
  });

  it('turns municipality names into safe resource-name slugs', () => {
    // Prepare
    const names = ['Ville de Saint-Étienne', '  Gemeente ’s-Hertogenbosch ', 'Łódź'];

    // Act
    const slugs = names.map(slugOf);

    // Assess
    expect(slugs).toEqual(['ville-de-saint-etienne', 'gemeente-s-hertogenbosch', 'lodz']);
  });
});
