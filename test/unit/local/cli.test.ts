import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { civicPaths, type StackState } from '../../../infra/local/civic-home';
import { type CliIo, main } from '../../../infra/local/cli';
import { signingKey, verifyBearer } from '../../../infra/local/tokens';
import { parsePeriod } from '../../../shared/domain/period';
import { deadlineOverdue, monthlyReport, ping } from './fixtures/jobs';

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
    const code = await main(['job', 'no-such-job', '--period', '2025-03'], io);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(/no job named "no-such-job" in this version; available: /);
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

describe('civic job against a running stack', () => {
  /** This test process plays the running stack: `stack.json` names it, with the functions' environment. */
  const startStack = (env: Record<string, string> = {}) => {
    const state: StackState = {
      pid: process.pid,
      url: 'http://localhost:3000',
      dynamoDbEndpoint: 'http://127.0.0.1:8000',
      eventBusEndpoint: 'http://127.0.0.1:8001',
      tableName: 'civic-local',
      env: { TABLE_NAME: 'civic-local', TIME_ZONE: 'Europe/Paris', MAIL_FROM: 'civic@city.example', ...env },
    };
    writeFileSync(civicPaths(home).stackState, JSON.stringify(state));
  };
  const jobsIo = () => ({ ...io, jobs: [monthlyReport, ping] });

  it('runs a period job as its schedule would: the period in the city’s zone, its mail in the outbox', async () => {
    // Prepare
    startStack();

    // Act
    const code = await main(['job', 'monthly-report', '--period', '2025-03'], jobsIo());

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      period: '2025-03',
      start: '2025-02-28T23:00:00.000Z',
      end: '2025-03-31T22:00:00.000Z',
    });
    expect(err).toContain(
      'running monthly-report for 2025-03 (2025-03-01T00:00:00+01:00 to 2025-04-01T00:00:00+02:00, Europe/Paris)',
    );
    expect(err).toMatch(/monthly-report finished in \d+\.\d s/);
    const outbox = civicPaths(home).outbox;
    const files = readdirSync(outbox);
    expect(files).toHaveLength(1);
    const mail = await simpleParser(readFileSync(`${outbox}/${files[0]}`));
    expect(mail.subject).toBe('Report 2025-03');
  });

  it('reports progress while a long job runs', async () => {
    // Prepare
    startStack({ REPORT_JOB_DELAY_MS: '1500' });

    // Act
    const code = await main(['job', 'monthly-report', '--period', '2025-W09'], {
      ...jobsIo(),
      progressEveryMs: 200,
    });

    // Assess
    expect(code).toBe(0);
    expect(err).toMatch(/civic: monthly-report still running \(\d+ s\)…/);
  });

  it('exits 1 with the job’s error when it fails', async () => {
    // Prepare
    startStack({ REPORT_JOB_FAILS: '1' });

    // Act
    const code = await main(['job', 'monthly-report', '--period', '2025-Q1'], jobsIo());

    // Assess
    expect(code).toBe(1);
    expect(err).toContain('monthly-report failed: Error: The report for 2025-Q1 failed on purpose.');
    expect(out).toBe('');
  });

  it('runs an instant job for --now', async () => {
    // Prepare
    startStack();

    // Act
    const code = await main(['job', 'ping', '--now', '2025-03-03T06:15:00+01:00'], jobsIo());

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ now: '2025-03-03T05:15:00.000Z' });
  });

  it('runs a once-job with the payload given as --input, as its one-time schedule would', async () => {
    // Prepare
    startStack();

    // Act
    const code = await main(['job', 'deadline-overdue', '--input', '{"id":"p-1"}'], {
      ...io,
      jobs: [ping, deadlineOverdue],
    });

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ handled: 'p-1' });
  });

  it.each([
    [['job', 'deadline-overdue', '--input', 'p-1'], /--input is not JSON/],
    [['job', 'deadline-overdue', '--now', '2025-03-03T06:15:00Z'], /takes the payload of its schedule/],
    [['job', 'ping', '--input', '{}'], /--input is for jobs run by one-time schedules/],
  ])('exits 2 with a clear message for the once-job arguments %j', async (argv, message) => {
    // Prepare
    startStack();

    // Act
    const code = await main(argv, { ...io, jobs: [ping, deadlineOverdue] });

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it.each([
    [['job', 'ping', '--period', '2025-03'], /runs for a moment, not a period/],
    [['job', 'ping', '--now', 'tomorrow'], /"tomorrow" is not an ISO 8601 time/],
    [['job', 'monthly-report', '--now', '2025-03-03T06:15:00Z'], /this one takes --period/],
    [
      ['job', 'weekly-report', '--period', '2025-03'],
      /no job named "weekly-report" in this version; available: monthly-report, ping/,
    ],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    // Prepare
    startStack();

    // Act
    const code = await main(argv, jobsIo());

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('says so when the local stack is not running', async () => {
    // Act
    const code = await main(['job', 'monthly-report', '--period', '2025-03'], jobsIo());

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(/the local stack is not running/);
  });
});

describe('civic digest-preview', () => {
  it.each([
    [[], /--period is required/],
    [['--period', '2025-13'], /"2025-13" is not a period/],
    [['--period', '2025-03', '--colour', 'red'], /Unknown option '--colour'/],
  ])('refuses %j with exit code 2 and its usage', async (args, message) => {
    // Act
    const code = await main(['digest-preview', ...args], io);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toMatch(/Usage: npx civic digest-preview/);
  });

  it('says so when the local stack is not running', async () => {
    // Act
    const code = await main(['digest-preview', '--period', '2025-03'], io);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(/the local stack is not running/);
  });
});

describe('civic seed', () => {
  /** Makes `server` the running local stack of `home`, as `stack.json` names it. */
  const playStack = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const state: StackState = {
      pid: process.pid,
      url: `http://127.0.0.1:${port}`,
      dynamoDbEndpoint: 'http://127.0.0.1:8000',
      eventBusEndpoint: 'http://127.0.0.1:8001',
      tableName: 'civic-local',
      env: { TABLE_NAME: 'civic-local', TIME_ZONE: 'Europe/Paris' },
    };
    writeFileSync(civicPaths(home).stackState, JSON.stringify(state));
  };

  it('refuses an unknown option with exit code 2 and its usage', async () => {
    // Act
    const code = await main(['seed', '--town', 'Springfield'], io);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(/Unknown option '--town'/);
    expect(err).toMatch(/Usage: npx civic seed/);
  });

  it('says so when the local stack is not running, writing nothing', async () => {
    // Act
    const code = await main(['seed'], io);

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(/the local stack is not running/);
    expect(out).toBe('');
  });

  it('stops at the first refused step, naming it and the problem the stack answered', async () => {
    // Prepare: this process plays the stack; its API refuses the first initiative.
    const seen: { method?: string; url?: string; key?: string | string[]; auth?: string }[] = [];
    const server = createServer((request, response) => {
      seen.push({
        method: request.method,
        url: request.url,
        key: request.headers['idempotency-key'],
        auth: request.headers.authorization,
      });
      response.writeHead(422, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({
          title: 'Unprocessable Content',
          status: 422,
          detail: 'The request has invalid fields.',
          errors: [{ path: 'body.title', message: 'Give the text in at least one language.' }],
        }),
      );
    });
    await playStack(server);

    // Act
    const code = await main(['seed'], io).finally(() => server.close());

    // Assess
    expect(code).toBe(1);
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/initiatives',
        key: 'civic-seed-initiative-riverside-park',
        auth: expect.stringMatching(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/),
      },
    ]);
    expect(err).toMatch(/civic: seed: 3 initiatives…/);
    expect(err).toMatch(
      /step "initiative-riverside-park" failed: 422 The request has invalid fields\.\n {2}body\.title: Give the text/,
    );
    expect(out).toBe('');
  });

  it('sends residents’ writes from their own loopback addresses and staff steps from the usual one', async () => {
    // Prepare: this process plays the stack; it accepts staff steps and refuses the third resident write.
    const residents: string[] = [];
    const staff = new Set<string>();
    const anyId = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const server = createServer((request, response) => {
      const address = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      if (request.headers.authorization) staff.add(address);
      else residents.push(address);
      const refuse = residents.length >= 3;
      response.writeHead(refuse ? 422 : 201, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          refuse
            ? { title: 'Refused', status: 422 }
            : {
                initiativeId: anyId,
                engagementId: anyId,
                contributionId: anyId,
                createdAt: new Date().toISOString(),
              },
        ),
      );
    });
    await playStack(server);

    // Act
    const code = await main(['seed'], io).finally(() => server.close());

    // Assess
    expect(code).toBe(1);
    expect([...staff]).toEqual(['127.0.0.1']);
    expect(residents).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
  });

  it('waits out a rate limit’s Retry-After and sends the same step again', async () => {
    // Prepare: this process plays the stack; it answers 429 once, then refuses the step.
    const seen: { key?: string | string[]; at: number }[] = [];
    const server = createServer((request, response) => {
      seen.push({ key: request.headers['idempotency-key'], at: Date.now() });
      const limited = seen.length === 1;
      response.writeHead(limited ? 429 : 422, {
        'content-type': 'application/problem+json',
        ...(limited ? { 'retry-after': '1' } : {}),
      });
      response.end(JSON.stringify({ title: limited ? 'Too many requests' : 'Refused', status: 422 }));
    });
    await playStack(server);

    // Act
    const code = await main(['seed'], io).finally(() => server.close());

    // Assess
    expect(code).toBe(1);
    expect(seen.map((request) => request.key)).toEqual([
      'civic-seed-initiative-riverside-park',
      'civic-seed-initiative-riverside-park',
    ]);
    expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(err).toMatch(/limits how fast one address may write \(429\): waiting as asked/);
    expect(err).toMatch(/step "initiative-riverside-park" failed: 422 Refused/);
  });

  it('explains that a repeat within the idempotency window adds nothing', async () => {
    // Act
    const code = await main(['help', 'seed'], io);

    // Assess
    expect(code).toBe(0);
    expect(out).toMatch(/Idempotency-Key: civic-seed-<step>/);
    expect(out).toMatch(/within the idempotency window \(24 h\)\s+adds nothing/);
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
    expect(out).toMatch(/digest-preview --period/);
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
