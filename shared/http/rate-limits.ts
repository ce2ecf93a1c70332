import { z } from 'zod';
import type { Problem } from './problem';
import { type AnyRouteContract, isStaffOnly, type RouteRateLimit } from './route';

/**
 * The per-IP limits on public writes. Their numbers are configuration (`rateLimits` in
 * `civic.config.json`); the cloud enforces them with one WAF rate-based rule each
 * (`infra/constructs/web-acl.ts`) and `npm start` with the local gateway
 * (`infra/local/rate-limiter.ts`), so a test on this machine sees what a resident would.
 */
export type RateLimitName = RouteRateLimit | 'publicWrites';

/** `requests` per `windowSeconds` from one IP address. */
export interface RateLimit {
  requests: number;
  windowSeconds: RateLimitWindow;
}

export type RateLimits = Readonly<Record<RateLimitName, RateLimit>>;

/** The evaluation windows a WAF rate-based rule can use, in seconds. */
export const rateLimitWindows = [60, 120, 300, 600] as const;
export type RateLimitWindow = (typeof rateLimitWindows)[number];

/** WAF's smallest and largest rate-based limit. */
export const wafLimitRange = { min: 10, max: 2_000_000_000 } as const;

/**
 * The defaults, in terms WAF can enforce exactly: at least 10 requests, in a window of 60, 120,
 * 300 or 600 seconds. Sign-ups are 10 per 120 s, the closest WAF comes to "5 per minute" (WAF
 * counts no fewer than 10), with the same average rate.
 */
export const defaultRateLimits = {
  publicWrites: { requests: 30, windowSeconds: 60 },
  votes: { requests: 10, windowSeconds: 60 },
  signups: { requests: 10, windowSeconds: 120 },
  // Drafting and signing petitions: a person signs a petition once; a burst is a script.
  signatures: { requests: 10, windowSeconds: 60 },
  // An export or erasure is rare for one person; many from one address is someone probing others'.
  privacyRequests: { requests: 10, windowSeconds: 300 },
} as const satisfies RateLimits;

/** Every limit's name. */
export const rateLimitNames = Object.keys(defaultRateLimits) as RateLimitName[];

/** What each limit counts, for messages, docs and the OpenAPI document. */
const counted: Record<RateLimitName, { one: string; many: string }> = {
  publicWrites: { one: 'public write', many: 'public writes' },
  votes: { one: 'vote', many: 'votes' },
  signups: {
    one: 'sign-up, enrolment or meeting registration',
    many: 'sign-ups, enrolments and meeting registrations',
  },
  signatures: { one: 'petition signature or draft', many: 'petition signatures and drafts' },
  privacyRequests: { one: 'privacy request', many: 'privacy requests' },
};

function limitSchema(defaults: RateLimit) {
  return z
    .object({
      requests: z
        .number()
        .int()
        .min(wafLimitRange.min, `must be at least ${wafLimitRange.min} (WAF's smallest rate limit)`)
        .max(wafLimitRange.max, `must be at most ${wafLimitRange.max} (WAF's largest rate limit)`)
        .default(defaults.requests),
      windowSeconds: z
        .number()
        .refine((value) => (rateLimitWindows as readonly number[]).includes(value), {
          message: `must be one of ${rateLimitWindows.join(', ')} (the windows WAF evaluates)`,
        })
        .transform((value) => value as RateLimitWindow)
        .default(defaults.windowSeconds),
    })
    .strict()
    .prefault({});
}

/**
 * `rateLimits` in the configuration: any limit, or any field of one, may be left out and keeps
 * its default (`{ "votes": { "requests": 20 } }` keeps the 60-second window).
 */
export const rateLimitsSchema = z
  .object({
    publicWrites: limitSchema(defaultRateLimits.publicWrites),
    votes: limitSchema(defaultRateLimits.votes),
    signups: limitSchema(defaultRateLimits.signups),
    signatures: limitSchema(defaultRateLimits.signatures),
    privacyRequests: limitSchema(defaultRateLimits.privacyRequests),
  } satisfies Record<RateLimitName, unknown>)
  .strict()
  .prefault({});

/**
 * A public route that changes something: every one falls under `publicWrites`, `optionalStaff`
 * ones too (WAF counts requests before any token is read, and anyone may send them).
 */
export function isPublicWrite(route: Pick<AnyRouteContract, 'auth' | 'method'>): boolean {
  return !isStaffOnly(route.auth) && route.method !== 'GET';
}

/**
 * The limits a route falls under, the most specific first: its own (`rateLimit` in its contract)
 * and, for a public write, `publicWrites`. A request counts against every one of them.
 */
export function rateLimitsOf(
  route: Pick<AnyRouteContract, 'auth' | 'method' | 'rateLimit'>,
): RateLimitName[] {
  return [
    ...(route.rateLimit ? [route.rateLimit] : []),
    ...(isPublicWrite(route) ? (['publicWrites'] as const) : []),
  ];
}

/** `10 votes per 60 seconds`. */
export function describeRateLimit(name: RateLimitName, limit: RateLimit): string {
  const noun = limit.requests === 1 ? counted[name].one : counted[name].many;
  return `${limit.requests} ${noun} per ${limit.windowSeconds} seconds`;
}

/**
 * The 429 answer of a limit: the same document from WAF (its custom response body) and from the
 * local gateway (which adds `requestId`), with `Retry-After` beside it.
 */
export function rateLimitProblem(name: RateLimitName, limit: RateLimit): Problem {
  return {
    type: 'urn:civic:problem:too-many-requests',
    title: 'Too many requests',
    status: 429,
    detail: `This address has reached its limit of ${describeRateLimit(name, limit)}; please wait and try again.`,
    rateLimit: name,
  };
}
