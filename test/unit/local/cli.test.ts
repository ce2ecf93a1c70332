import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../../infra/local/cli';
import { parsePeriod } from '../../../infra/local/jobs';
import { signingKey, verifyBearer } from '../../../infra/local/tokens';

let home: string;
let out: string;
let err: string;
let io: CliIo;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'civic-cli-'));
  out = '';
  err = '';
  io = { out: (text) => (out += text), err: (text) => (err += text), env: { CIVIC_HOME: home } };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('civic token', () => {
  it('prints only a token the local gateway accepts, for the role asked', async () => {
    // Act
    const code = await main(['token', '--role', 'coordinator'], io);

    // Assess
    expect(code).toBe(0);
    expect(out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const check = await verifyBearer(`Bearer ${out.trim()}`, signingKey(home));
    expect(check.valid && check.claims['cognito:groups']).toBe('coordinator');
  });

  it('honours --ttl', async () => {
    // Act
    await main(['token', '--role', 'admin', '--ttl', '30m'], io);

    // Assess
    const payload = JSON.parse(Buffer.from(out.split('.')[1] as string, 'base64url').toString('utf8'));
    expect(payload.exp - payload.iat).toBe(1800);
  });

  it.each([
    [['token'], /--role is required/],
    [['token', '--role', 'mayor'], /unknown role "mayor"/],
    [['token', '--role', 'admin', '--ttl', 'forever'], /not a duration/],
    [['token', '--colour', 'red'], /Unknown option '--colour'/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    // Act
    const code = await main(argv, io);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });
});

describe('civic job', () => {
  it('names the missing job and what is available, with exit code 2', async () => {
    // Act
    const code = await main(['job', 'impact-summary', '--period', '2025-03'], io);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(/no job named "impact-summary" in this version; available: /);
  });

  it.each([
    ['2025-13', /"2025-13" is not a period/],
    ['2025-W54', /"2025-W54" is not a period/],
  ])('refuses the period %s with exit code 2', async (period, message) => {
    // Act
    const code = await main(['job', 'digest', '--period', period], io);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('asks for a period', async () => {
    // Act
    const code = await main(['job', 'digest'], io);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(/--period is required/);
  });

  it('asks for a job name', async () => {
    // Act
    const code = await main(['job', '--period', '2025-03'], io);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(/name the job/);
  });
});

describe('civic help', () => {
  it('lists every command', async () => {
    // Act
    const code = await main(['help'], io);

    // Assess
    expect(code).toBe(0);
    expect(out).toMatch(/token --role/);
    expect(out).toMatch(/job <name> --period/);
  });

  it('refuses an unknown command with exit code 2', async () => {
    // Act
    const code = await main(['deploy'], io);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(/unknown command "deploy"/);
  });
});

describe('parsePeriod', () => {
  it.each([
    ['2025-03', { kind: 'month', year: 2025, month: 3 }],
    ['2025-W09', { kind: 'week', year: 2025, week: 9 }],
    ['2020-W53', { kind: 'week', year: 2020, week: 53 }],
    ['2025-Q4', { kind: 'quarter', year: 2025, quarter: 4 }],
  ])('reads %s', (text, expected) => {
    // Act
    const period = parsePeriod(text);

    // Assess
    expect(period).toMatchObject(expected);
  });

  it.each(['2025-13', '2025-3', '2025-W00', '2025-W53', '2025-Q5', '25-Q1', '2025-03-01', 'March'])(
    'refuses %s',
    (text) => {
      // Act
      const period = parsePeriod(text);

      // Assess
      expect(period).toBeUndefined();
    },
  );
});
