import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { httpContexts } from '../../functions/contexts';
import { CivicConfigError, loadConfig, parseConfig } from '../../infra/config';
import { localDeploySettings } from '../../infra/local/scheduler';
import {
  defaultRateLimits,
  rateLimitProblem,
  rateLimitsOf,
  rateLimitWindows,
  wafLimitRange,
} from '../../shared/http/rate-limits';

/** The problems a configuration is refused with, or none. */
function problemsOf(input: unknown): string[] {
  try {
    parseConfig(input);
    return [];
  } catch (error) {
    if (error instanceof CivicConfigError) return [...error.problems];
    throw error;
  }
}

describe('which limits a route falls under', () => {
  const routes = httpContexts.flatMap((context) => context.routes);
  const byId = (operationId: string) => {
    const route = routes.find((candidate) => candidate.operationId === operationId);
    if (!route) throw new Error(`No route ${operationId}`);
    return route;
  };

  it('puts a vote under votes, then publicWrites', () => {
    expect(rateLimitsOf(byId('castVote'))).toEqual(['votes', 'publicWrites']);
  });

  it('puts shift sign-ups and training enrolments under signups, then publicWrites', () => {
    expect(rateLimitsOf(byId('signUpForShift'))).toEqual(['signups', 'publicWrites']);
    expect(rateLimitsOf(byId('enrolInTrainingSession'))).toEqual(['signups', 'publicWrites']);
  });

  it('puts every public route that is not a GET under publicWrites, and nothing else under any limit', () => {
    // Act
    const limited = routes.map((route) => ({
      route: `${route.method} ${route.path}`,
      publicWrite: rateLimitsOf(route).includes('publicWrites'),
      limited: rateLimitsOf(route).length > 0,
    }));

    // Assess
    for (const route of routes) {
      // Anyone may send an optionalStaff write too: WAF counts it before any token is read.
      const expected = (route.auth === 'public' || route.auth === 'optionalStaff') && route.method !== 'GET';
      expect(limited.find((entry) => entry.route === `${route.method} ${route.path}`)).toEqual({
        route: `${route.method} ${route.path}`,
        publicWrite: expected,
        limited: expected || route.rateLimit !== undefined,
      });
    }
    expect(limited.filter((entry) => entry.publicWrite).length).toBeGreaterThanOrEqual(10);
  });

  it('counts a route’s own limit even on a staff route, but never publicWrites there', () => {
    // Act
    const limits = rateLimitsOf({ method: 'POST', auth: { roles: ['coordinator'] }, rateLimit: 'votes' });

    // Assess
    expect(limits).toEqual(['votes']);
  });
});

describe('rate limit configuration', () => {
  const directory = mkdtempSync(join(tmpdir(), 'civic-rate-limits-'));

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('defaults to limits WAF can enforce exactly: 10 votes a minute, 10 sign-ups in 2 minutes, 10 privacy requests in 5 minutes, 30 public writes a minute', () => {
    // Act
    const config = parseConfig(undefined);

    // Assess
    expect(config.rateLimits).toEqual({
      votes: { requests: 10, windowSeconds: 60 },
      signups: { requests: 10, windowSeconds: 120 },
      signatures: { requests: 10, windowSeconds: 60 },
      privacyRequests: { requests: 10, windowSeconds: 300 },
      publicWrites: { requests: 30, windowSeconds: 60 },
    });
    for (const limit of Object.values(config.rateLimits)) {
      expect(limit.requests).toBeGreaterThanOrEqual(wafLimitRange.min);
      expect(rateLimitWindows).toContain(limit.windowSeconds);
    }
    expect(config.methodThrottling).toEqual({
      votes: { rateLimit: 10, burstLimit: 20 },
      signups: { rateLimit: 5, burstLimit: 10 },
      signatures: { rateLimit: 20, burstLimit: 40 },
      privacyRequests: { rateLimit: 2, burstLimit: 5 },
      publicWrites: { rateLimit: 20, burstLimit: 40 },
    });
  });

  it('keeps the defaults of what an override leaves out', () => {
    // Act
    const config = parseConfig({ rateLimits: { votes: { requests: 25 } } });

    // Assess
    expect(config.rateLimits).toEqual({
      ...defaultRateLimits,
      votes: { requests: 25, windowSeconds: 60 },
    });
  });

  it('refuses what WAF cannot enforce, naming each key', () => {
    // Act
    const problems = problemsOf({
      rateLimits: {
        votes: { requests: 5 },
        signups: { windowSeconds: 90 },
        publicWrites: { requests: 12.5 },
        petitions: { requests: 10 },
      },
    });

    // Assess
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rateLimits\.votes\.requests: must be at least 10 \(WAF's smallest/),
        expect.stringMatching(/^rateLimits\.signups\.windowSeconds: must be one of 60, 120, 300, 600/),
        expect.stringMatching(/^rateLimits\.publicWrites\.requests: /),
        'rateLimits: unknown setting(s) petitions',
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('refuses a method throttle above the stage’s, naming the key', () => {
    // Act
    const problems = problemsOf({
      throttling: { rateLimit: 8, burstLimit: 100 },
      methodThrottling: { signups: { burstLimit: 150 } },
    });

    // Assess
    expect(problems).toEqual([
      "methodThrottling.publicWrites.rateLimit: must not exceed throttling.rateLimit (8), the stage's own",
      "methodThrottling.votes.rateLimit: must not exceed throttling.rateLimit (8), the stage's own",
      "methodThrottling.signups.burstLimit: must not exceed throttling.burstLimit (100), the stage's own",
      "methodThrottling.signatures.rateLimit: must not exceed throttling.rateLimit (8), the stage's own",
    ]);
  });

  it('merges rateLimits from the settings file and CDK context limit by limit and field by field', () => {
    // Prepare
    const file = join(directory, 'civic.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        rateLimits: { votes: { requests: 20 }, signups: { requests: 40, windowSeconds: 300 } },
      }),
    );
    const context = { rateLimits: { votes: { windowSeconds: 120 } } };

    // Act
    const config = loadConfig({ context, file });

    // Assess
    expect(config.rateLimits).toEqual({
      votes: { requests: 20, windowSeconds: 120 },
      signups: { requests: 40, windowSeconds: 300 },
      signatures: defaultRateLimits.signatures,
      privacyRequests: defaultRateLimits.privacyRequests,
      publicWrites: defaultRateLimits.publicWrites,
    });
  });

  it('gives `npm start` the settings file’s limits, with RATE_LIMITS from the shell over them', () => {
    // Prepare
    const file = join(directory, 'local.config.json');
    writeFileSync(file, JSON.stringify({ rateLimits: { publicWrites: { requests: 60 } } }));

    // Act
    const settings = localDeploySettings({ RATE_LIMITS: '{"votes":{"requests":500}}' }, file);
    const broken = () => localDeploySettings({ RATE_LIMITS: '{votes' }, file);
    const tooLow = () => localDeploySettings({ RATE_LIMITS: '{"votes":{"requests":1}}' }, file);

    // Assess
    expect(settings.rateLimits).toEqual({
      votes: { requests: 500, windowSeconds: 60 },
      signups: defaultRateLimits.signups,
      signatures: defaultRateLimits.signatures,
      privacyRequests: defaultRateLimits.privacyRequests,
      publicWrites: { requests: 60, windowSeconds: 60 },
    });
    expect(broken).toThrow(/RATE_LIMITS: is not valid JSON/);
    expect(tooLow).toThrow(/rateLimits\.votes\.requests: must be at least 10/);
  });
});

describe('the 429 problem of a limit', () => {
  it('names the limit and its numbers', () => {
    // Act
    const problem = rateLimitProblem('signups', defaultRateLimits.signups);

    // Assess
    expect(problem).toEqual({
      type: 'urn:civic:problem:too-many-requests',
      title: 'Too many requests',
      status: 429,
      detail:
        'This address has reached its limit of 10 sign-ups, enrolments and meeting registrations per 120 seconds; please wait and try again.',
      rateLimit: 'signups',
    });
  });
});
