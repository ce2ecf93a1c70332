import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import {
  type RateLimitName,
  type RateLimits,
  rateLimitNames,
  rateLimitProblem,
  rateLimitsOf,
} from '../../shared/http/rate-limits';
import type { AnyRouteContract } from '../../shared/http/route';
import { pascal } from './naming';

/** WAF refuses a regex statement's pattern longer than this. */
const maxRegexLength = 512;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An API Gateway path template as a regex body: `{param}` is one segment, `{proxy+}` the rest.
 * Literal parts are escaped; nothing is anchored here.
 */
export function pathTemplatePattern(template: string): string {
  return template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? (part.endsWith('+}') ? '.+' : '[^/]+') : escapeRegex(part)))
    .join('');
}

/**
 * Anchored regexes matching the URI paths WAF sees for these templates: WAF inspects the request
 * as the client sent it, before API Gateway routes it, so the path starts with the stage
 * (`/v1/…` on the execute-api URL) or with a custom domain's base path, which `prefixes` lists
 * (`''` for a domain mapped at its root). A trailing slash reaches the same resource, so it
 * matches too. Templates are packed into as few regexes as WAF's length limit allows.
 */
export function uriPathRegexes(templates: readonly string[], prefixes: readonly string[]): string[] {
  const named = [...new Set(prefixes.filter((prefix) => prefix !== ''))].map(escapeRegex);
  const optional = prefixes.includes('') ? '?' : '';
  const head = named.length === 0 ? '^' : `^(${named.join('|')})${optional}`;
  const wrap = (bodies: string[]) => `${head}(${bodies.join('|')})/?$`;
  const regexes: string[] = [];
  let bodies: string[] = [];
  for (const body of templates.map(pathTemplatePattern)) {
    if (bodies.length > 0 && wrap([...bodies, body]).length > maxRegexLength) {
      regexes.push(wrap(bodies));
      bodies = [];
    }
    bodies.push(body);
  }
  if (bodies.length > 0) regexes.push(wrap(bodies));
  for (const regex of regexes)
    if (regex.length > maxRegexLength)
      throw new Error(`A route's path is too long for a WAF regex: ${regex}`);
  return regexes;
}

const anyOf = (statements: CfnWebACL.StatementProperty[]): CfnWebACL.StatementProperty =>
  statements.length === 1 ? (statements[0] as CfnWebACL.StatementProperty) : { orStatement: { statements } };

/**
 * Matches exactly the requests to these routes: per HTTP method, the method and the URI path.
 * The path is URL-decoded first, so `vote%73` cannot slip past a literal `votes`.
 */
export function routesStatement(
  routes: readonly Pick<AnyRouteContract, 'method' | 'path'>[],
  prefixes: readonly string[],
): CfnWebACL.StatementProperty {
  const byMethod = new Map<string, string[]>();
  for (const route of routes) byMethod.set(route.method, [...(byMethod.get(route.method) ?? []), route.path]);
  return anyOf(
    [...byMethod].map(([method, templates]) => ({
      andStatement: {
        statements: [
          {
            byteMatchStatement: {
              fieldToMatch: { method: {} },
              positionalConstraint: 'EXACTLY',
              searchString: method,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          anyOf(
            uriPathRegexes(templates, prefixes).map((regexString) => ({
              regexMatchStatement: {
                fieldToMatch: { uriPath: {} },
                regexString,
                textTransformations: [{ priority: 0, type: 'URL_DECODE' }],
              },
            })),
          ),
        ],
      },
    })),
  );
}

/** A block answered 429 with a custom body and `Retry-After`, plus any `headers`. */
export function tooManyRequestsAction(
  bodyKey: string,
  retryAfterSeconds: number,
  headers: Record<string, string> = {},
): CfnWebACL.RuleActionProperty {
  return {
    block: {
      customResponse: {
        responseCode: 429,
        customResponseBodyKey: bodyKey,
        responseHeaders: Object.entries({ 'Retry-After': String(retryAfterSeconds), ...headers }).map(
          ([name, value]) => ({ name, value }),
        ),
      },
    },
  };
}

/** The custom response body key of a limit's 429. */
export const rateLimitBodyKey = (name: RateLimitName) => `rate-limit-${name}`;

export interface RateLimitRulesOptions {
  routes: readonly AnyRouteContract[];
  limits: RateLimits;
  /** The URI path prefixes requests arrive with (see `uriPathRegexes`). */
  prefixes: readonly string[];
  /** First priority to use; the rules take consecutive ones. */
  priority: number;
  /** Extra headers on every 429 (CORS for a single allowed origin). */
  headers?: Record<string, string>;
}

/**
 * One rate-based rule per named limit that has routes, counting per client IP only the requests
 * its scope-down statement matches, over the limit's window; over the limit, a 429 with the
 * limit's problem document and `Retry-After` (the window: WAF does not say when a slot frees).
 * A route's own limit comes before `publicWrites`, so its answer names the more specific limit.
 */
export function rateLimitRules(options: RateLimitRulesOptions): {
  rules: CfnWebACL.RuleProperty[];
  bodies: Record<string, CfnWebACL.CustomResponseBodyProperty>;
} {
  const rules: CfnWebACL.RuleProperty[] = [];
  const bodies: Record<string, CfnWebACL.CustomResponseBodyProperty> = {};
  const ordered = [...rateLimitNames.filter((name) => name !== 'publicWrites'), 'publicWrites' as const];
  for (const name of ordered) {
    const routes = options.routes.filter((route) => rateLimitsOf(route).includes(name));
    if (routes.length === 0) continue;
    const limit = options.limits[name];
    const ruleName = `RateLimit${pascal(name)}`;
    // WAF cannot send problem+json (its bodies are text, HTML or JSON); the document is the same.
    bodies[rateLimitBodyKey(name)] = {
      contentType: 'APPLICATION_JSON',
      content: JSON.stringify(rateLimitProblem(name, limit)),
    };
    rules.push({
      name: ruleName,
      priority: options.priority + rules.length,
      action: tooManyRequestsAction(rateLimitBodyKey(name), limit.windowSeconds, options.headers),
      statement: {
        rateBasedStatement: {
          limit: limit.requests,
          aggregateKeyType: 'IP',
          evaluationWindowSec: limit.windowSeconds,
          scopeDownStatement: routesStatement(routes, options.prefixes),
        },
      },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: ruleName,
        sampledRequestsEnabled: true,
      },
    });
  }
  return { rules, bodies };
}
