import { beforeAll, describe, expect, it } from 'vitest';
import { httpContexts } from '../../functions/contexts';
import { uriPathRegexes } from '../../infra/constructs/rate-limit-rules';
import { type RateLimitName, rateLimitProblem, rateLimitsOf } from '../../shared/http/rate-limits';
import { type SynthesizedApp, synthesize, testConfig } from './civic-app';

/** The parts of a synthesized WAF statement these tests read (CloudFormation's spelling). */
interface Statement {
  AndStatement?: { Statements: Statement[] };
  OrStatement?: { Statements: Statement[] };
  ByteMatchStatement?: {
    FieldToMatch: { Method?: object };
    PositionalConstraint: string;
    SearchString: string;
  };
  RegexMatchStatement?: {
    FieldToMatch: { UriPath?: object };
    RegexString: string;
    TextTransformations: { Type: string }[];
  };
}

interface Rule {
  Name: string;
  Priority: number;
  Action: {
    Block?: {
      CustomResponse: {
        ResponseCode: number;
        CustomResponseBodyKey: string;
        ResponseHeaders: { Name: string; Value: string }[];
      };
    };
  };
  Statement: {
    RateBasedStatement?: {
      Limit: number;
      AggregateKeyType: string;
      EvaluationWindowSec: number;
      ScopeDownStatement?: Statement;
    };
  };
}

/**
 * What WAF would decide for a request, for the statement kinds the rate-limit rules use. Anything
 * else throws, so a rule built differently cannot pass unexamined.
 */
function matches(statement: Statement, request: { method: string; uriPath: string }): boolean {
  if (statement.AndStatement) return statement.AndStatement.Statements.every((s) => matches(s, request));
  if (statement.OrStatement) return statement.OrStatement.Statements.some((s) => matches(s, request));
  const byte = statement.ByteMatchStatement;
  if (byte?.FieldToMatch.Method && byte.PositionalConstraint === 'EXACTLY')
    return request.method === byte.SearchString;
  const regex = statement.RegexMatchStatement;
  if (regex?.FieldToMatch.UriPath) {
    const decode = regex.TextTransformations.some((t) => t.Type === 'URL_DECODE');
    return new RegExp(regex.RegexString).test(decode ? decodeURIComponent(request.uriPath) : request.uriPath);
  }
  throw new Error(`Unexpected statement ${JSON.stringify(statement)}`);
}

/** A concrete path for a template: each `{param}` becomes an id. */
const concrete = (template: string) => template.replace(/\{[^}]+\}/g, '01JABCDEFGHJKMNPQRSTVWXYZ0');

describe('per-route rate limits in the cloud', () => {
  let civic: SynthesizedApp;
  let rules: Rule[];
  let bodies: Record<string, { Content: string; ContentType: string }>;
  const routes = httpContexts.flatMap((context) => context.routes);
  const limits = {
    votes: { requests: 20, windowSeconds: 60 },
    signups: { requests: 10, windowSeconds: 120 },
    publicWrites: { requests: 30, windowSeconds: 60 },
  } as const;

  beforeAll(() => {
    civic = synthesize({
      ...testConfig,
      rateLimits: { votes: { requests: 20 } },
      publicApiBaseUrl: 'https://api.example.gov/civic',
    });
    const [acl] = Object.values(civic.template.findResources('AWS::WAFv2::WebACL'));
    rules = acl?.Properties.Rules as Rule[];
    bodies = acl?.Properties.CustomResponseBodies;
  });

  const ruleOf = (name: RateLimitName) => {
    const rule = rules.find(
      (candidate) => candidate.Name === `RateLimit${name[0]?.toUpperCase()}${name.slice(1)}`,
    );
    if (!rule) throw new Error(`No rule for ${name}`);
    return rule;
  };

  it.each(['votes', 'signups', 'publicWrites'] as const)(
    'has a per-IP rate-based rule for %s with its configured limit and window',
    (name) => {
      // Act
      const rule = ruleOf(name);

      // Assess
      expect(rule.Statement.RateBasedStatement).toMatchObject({
        Limit: limits[name].requests,
        AggregateKeyType: 'IP',
        EvaluationWindowSec: limits[name].windowSeconds,
      });
    },
  );

  it.each(['votes', 'signups', 'publicWrites'] as const)(
    'scopes the %s rule down to exactly its routes, by method and path, behind the stage or the custom domain',
    (name) => {
      // Prepare
      const scopeDown = ruleOf(name).Statement.RateBasedStatement?.ScopeDownStatement as Statement;

      // Act
      const decisions = routes.flatMap((route) =>
        ['/v1', '/civic'].map((prefix) => ({
          route: `${route.method} ${prefix}${route.path}`,
          matched: matches(scopeDown, { method: route.method, uriPath: `${prefix}${concrete(route.path)}` }),
        })),
      );

      // Assess
      const expected = routes.flatMap((route) =>
        ['/v1', '/civic'].map((prefix) => ({
          route: `${route.method} ${prefix}${route.path}`,
          matched: rateLimitsOf(route).includes(name),
        })),
      );
      expect(decisions).toEqual(expected);
      expect(decisions.filter((decision) => decision.matched).length).toBeGreaterThan(0);
    },
  );

  it('counts a vote however its path is written: trailing slash, percent-encoding', () => {
    // Prepare
    const scopeDown = ruleOf('votes').Statement.RateBasedStatement?.ScopeDownStatement as Statement;
    const vote = (uriPath: string, method = 'POST') => matches(scopeDown, { method, uriPath });

    // Assess
    expect(vote('/v1/contributions/c1/votes/')).toBe(true);
    expect(vote('/v1/contributions/c1/vote%73')).toBe(true);
    expect(vote('/v1/contributions/c1/votes/extra')).toBe(false);
    expect(vote('/v2/contributions/c1/votes')).toBe(false);
    expect(vote('/v1/contributions/c1/votes', 'GET')).toBe(false);
  });

  it('answers 429 with the limit’s problem, Retry-After of its window and CORS for the one origin', () => {
    for (const name of ['votes', 'signups', 'publicWrites'] as const) {
      // Act
      const response = ruleOf(name).Action.Block?.CustomResponse;

      // Assess
      expect(response?.ResponseCode).toBe(429);
      expect(response?.ResponseHeaders).toEqual([
        { Name: 'Retry-After', Value: String(limits[name].windowSeconds) },
        { Name: 'Access-Control-Allow-Origin', Value: 'https://www.example.gov' },
        { Name: 'Vary', Value: 'Origin' },
      ]);
      const body = bodies[response?.CustomResponseBodyKey as string];
      expect(body?.ContentType).toBe('APPLICATION_JSON');
      expect(JSON.parse(body?.Content as string)).toEqual(rateLimitProblem(name, limits[name]));
    }
  });

  it('checks a route’s own limit before publicWrites, and both before the overall limit and managed rules', () => {
    // Act
    const order = [...rules].sort((a, b) => a.Priority - b.Priority).map((rule) => rule.Name);

    // Assess
    expect(order.slice(0, 6)).toEqual([
      'RateLimitVotes',
      'RateLimitSignups',
      'RateLimitSignatures',
      'RateLimitPrivacyRequests',
      'RateLimitPublicWrites',
      'RateLimitPerIp',
    ]);
    expect(new Set(rules.map((rule) => rule.Priority)).size).toBe(rules.length);
  });

  it('throttles each rate-limited method in API Gateway below the stage, by its most specific limit', () => {
    // Prepare
    const [stage] = Object.values(civic.template.findResources('AWS::ApiGateway::Stage'));
    const settings = stage?.Properties.MethodSettings as {
      HttpMethod: string;
      ResourcePath: string;
      ThrottlingRateLimit: number;
      ThrottlingBurstLimit: number;
    }[];
    // API Gateway names a method's resource path with `/` escaped as `~1`, after a leading `/`.
    const throttleOf = (method: string, path: string) =>
      settings.find(
        (setting) =>
          setting.HttpMethod === method && setting.ResourcePath === `/${path.replaceAll('/', '~1')}`,
      );

    // Assess
    expect(throttleOf('POST', '/contributions/{contributionId}/votes')).toMatchObject({
      ThrottlingRateLimit: 10,
      ThrottlingBurstLimit: 20,
    });
    expect(throttleOf('POST', '/shifts/{shiftId}/signups')).toMatchObject({
      ThrottlingRateLimit: 5,
      ThrottlingBurstLimit: 10,
    });
    expect(throttleOf('POST', '/feedback')).toMatchObject({
      ThrottlingRateLimit: 20,
      ThrottlingBurstLimit: 40,
    });
    for (const route of routes) {
      const throttled = throttleOf(route.method, route.path) !== undefined;
      expect({ route: `${route.method} ${route.path}`, throttled }).toEqual({
        route: `${route.method} ${route.path}`,
        throttled: rateLimitsOf(route).length > 0,
      });
    }
    expect(settings).toContainEqual(
      expect.objectContaining({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 50 }),
    );
  });
});

describe('URI path regexes', () => {
  it('makes the stage optional when a custom domain maps the API at its root', () => {
    // Act
    const [regex] = uriPathRegexes(['/shifts/{shiftId}/signups'], ['/v1', '']);

    // Assess
    expect(regex).toBe('^(/v1)?(/shifts/[^/]+/signups)/?$');
  });

  it('escapes literal characters and splits what would exceed WAF’s 512 characters', () => {
    // Prepare
    const templates = Array.from({ length: 40 }, (_, n) => `/long-resource-name-${n}/{id}/a.b`);

    // Act
    const regexes = uriPathRegexes(templates, ['/v1']);

    // Assess
    expect(regexes.length).toBeGreaterThan(1);
    for (const regex of regexes) expect(regex.length).toBeLessThanOrEqual(512);
    const all = regexes.map((regex) => new RegExp(regex));
    for (const [n] of templates.entries()) {
      expect(all.filter((regex) => regex.test(`/v1/long-resource-name-${n}/x/a.b`))).toHaveLength(1);
      expect(all.some((regex) => regex.test(`/v1/long-resource-name-${n}/x/aXb`))).toBe(false);
    }
  });
});
