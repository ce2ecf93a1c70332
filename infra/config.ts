import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { petitionsConfig } from '../shared/config/petitions';
import { populationBaseline } from '../shared/config/runtime';
import { currencyCode, currencyRates } from '../shared/domain/money';
import { isTimeZone } from '../shared/domain/time-zone';
import { isRedirectAllowListEntry } from '../shared/http/form';
import { type RateLimitName, rateLimitsSchema } from '../shared/http/rate-limits';

/** The repository root, whatever directory `cdk` or a test runner was started from. */
export const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where a municipality keeps its deployment settings (optional; CDK context `civic` overrides it). */
export const configFilePath = fileURLToPath(new URL('../civic.config.json', import.meta.url));

/** The CDK context key holding the deployment configuration (`cdk.json` or `-c civic='{…}'`). */
export const configContextKey = 'civic';

/** The retention periods CloudWatch Logs accepts; any other number is refused by the service at deploy time. */
const logRetentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

function isDomain(value: string): boolean {
  return /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(value);
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** SES lets a verified domain send as any address at it or at its subdomains. */
function identityCovers(identity: string, sender: string): boolean {
  if (identity.includes('@')) return identity === sender.toLowerCase();
  const domain = domainOf(sender);
  return domain === identity || domain.endsWith(`.${identity}`);
}

/** One method's API Gateway throttle (all clients together), below the stage's. */
function methodThrottle(defaults: { rateLimit: number; burstLimit: number }) {
  return z
    .object({
      /** Steady-state requests per second. */
      rateLimit: z.number().positive().max(10_000).default(defaults.rateLimit),
      /** Largest burst of concurrent requests. */
      burstLimit: z.number().int().positive().max(5_000).default(defaults.burstLimit),
    })
    .strict()
    .prefault({});
}

/** Plain HTTP is accepted only for a developer's own machine. */
const isLocalHost = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

function isOrigin(value: string): boolean {
  if (value === '*') return true;
  try {
    const url = new URL(value);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLocalHost(url));
    // An origin is scheme://host[:port] and nothing else; browsers compare it byte for byte.
    return secure && url.origin === value;
  } catch {
    return false;
  }
}

function isPageUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLocalHost(url));
  } catch {
    return false;
  }
}

/** Letters that Unicode decomposition does not reduce to ASCII. */
const transliterations: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ı: 'i',
};

/** `Ville de Saint-Étienne` → `ville-de-saint-etienne`: safe in bus, stack, pool and log group names. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[łøđßæœþı]/g, (letter) => transliterations[letter] ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

/**
 * Everything a municipality decides about its deployment. Defaults let `npx cdk synth` run with
 * no setup at all; a real deployment sets at least `municipality`, `timeZone`, `locales` and, for
 * JavaScript clients, `allowedOrigins` (see docs/deploy.md).
 */
export const civicConfigSchema = z
  .object({
    /** Shown in resource descriptions; its slug names the bus, the stack and the user pool. */
    municipality: z
      .string()
      .trim()
      .min(2)
      .max(100)
      .refine((name) => slugOf(name).length > 0, 'must contain at least one letter or digit')
      .default('Example City'),
    /** IANA time zone the schedulers run in, e.g. `Europe/Brussels`. */
    timeZone: z
      .string()
      .refine(isTimeZone, {
        error: (issue) => `"${String(issue.input)}" is not an IANA time zone name such as Europe/Brussels`,
      })
      .default('UTC'),
    /** BCP 47 tags of the languages the city publishes in; the first is the default. */
    locales: z
      .array(
        z
          .string()
          .refine(isLocale, { error: (issue) => `"${String(issue.input)}" is not a BCP 47 language tag` }),
      )
      .min(1)
      .default(['en']),
    /**
     * Mail domains whose local parts ignore dots (`a.na@gmail.com` is `ana@gmail.com`), so that
     * differently dotted addresses there count as one participant. A `+tag` is ignored everywhere.
     */
    emailDotInsensitiveDomains: z
      .array(
        z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a lower-case mail domain such as gmail.com'),
      )
      .default(['gmail.com', 'googlemail.com']),
    /**
     * Origins whose JavaScript may call the API (CORS). Plain HTML forms need none. `*` allows any
     * origin and is meant for development only.
     */
    allowedOrigins: z
      .array(
        z.string().refine(isOrigin, {
          error: (issue) =>
            `"${String(issue.input)}" is not an origin: use https://host[:port] with no path or trailing slash`,
        }),
      )
      .default([]),
    /**
     * The thank-you "folders" a form may send the browser to after a successful post (`_redirect`):
     * a page is allowed when it has an entry's scheme and host and lies under its path. An entry
     * ends in `/`, so `…/thanks/` cannot be stretched to `…/thanks-elsewhere`.
     */
    thankYouUrls: z
      .array(
        z
          .string()
          .refine(isPageUrl, { error: (issue) => `"${String(issue.input)}" is not an https URL` })
          .refine(isRedirectAllowListEntry, {
            error: (issue) =>
              `"${String(issue.input)}" must be a folder: no user, query or fragment, and a path ending in "/" (e.g. https://www.city.example/thanks/)`,
          }),
      )
      .default([]),
    /** The From address of email Civic sends (digests via SES v2); its domain must be verified in SES. */
    senderAddress: z.email().default('no-reply@example.gov'),
    /** How SES knows Civic may send as `senderAddress` (docs/deploy.md, "Email"). */
    mail: z
      .object({
        /**
         * The SES identity that covers `senderAddress`: a domain (the sender's, or a parent of it)
         * or the address itself. Defaults to the sender's domain.
         */
        identity: z
          .string()
          .trim()
          .toLowerCase()
          .refine((value) => isDomain(value) || z.email().safeParse(value).success, {
            error: (issue) => `"${String(issue.input)}" is neither a domain nor an email address`,
          })
          .optional(),
        /**
         * Whether this stack creates the identity (Easy DKIM: publish the three CNAME records from
         * the stack outputs) or uses one already verified in this account and region.
         */
        createIdentity: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** How long CloudWatch keeps function, API access and WAF logs, in days. */
    logRetentionDays: z
      .number()
      .int()
      .refine((days) => (logRetentionDays as readonly number[]).includes(days), {
        message: `must be one of the values CloudWatch Logs accepts: ${logRetentionDays.join(', ')}`,
      })
      .default(365),
    /** How long the event bus archive keeps events for replay, in days. */
    eventArchiveRetentionDays: z.number().int().min(1).max(3650).default(365),
    /** Requests one IP address may make in any 5 minutes before WAF blocks it (429). */
    wafRateLimit: z.number().int().min(10).max(2_000_000_000).default(1000),
    /** Whether WAF writes every request's metadata (including client IPs) to a log group. */
    wafLogging: z.boolean().default(false),
    /** API Gateway stage throttling, shared by all clients. */
    throttling: z
      .object({
        /** Steady-state requests per second. */
        rateLimit: z.number().positive().max(10_000).default(50),
        /** Largest burst of concurrent requests. */
        burstLimit: z.number().int().positive().max(5_000).default(100),
      })
      .strict()
      .prefault({}),
    /**
     * Per-IP limits on public writes (`votes`, `signups`, `signatures`, `privacyRequests`, and `publicWrites` for every public route
     * that is not a GET), enforced by one WAF rate-based rule each and by the local gateway alike:
     * `{ "votes": { "requests": 20, "windowSeconds": 60 } }`. See `shared/http/rate-limits.ts`.
     */
    rateLimits: rateLimitsSchema,
    /**
     * API Gateway throttles per method of the rate-limited routes, for all clients together: a
     * route takes its own limit's (`votes`, `signups`), any other public write `publicWrites`.
     * They cap what a crowd of addresses can do to one route, which per-IP limits cannot.
     */
    methodThrottling: z
      .object({
        publicWrites: methodThrottle({ rateLimit: 20, burstLimit: 40 }),
        votes: methodThrottle({ rateLimit: 10, burstLimit: 20 }),
        signups: methodThrottle({ rateLimit: 5, burstLimit: 10 }),
        signatures: methodThrottle({ rateLimit: 20, burstLimit: 40 }),
        privacyRequests: methodThrottle({ rateLimit: 2, burstLimit: 5 }),
      } satisfies Record<RateLimitName, unknown>)
      .strict()
      .prefault({}),
    /**
     * Reserved concurrency per function, by its declared name (`participation`, `volunteer-mail`,
     * `impact-summary`, …), over each declaration's own default (`reservedConcurrency` in
     * functions/context.ts): a flood on one route can then use up only its own function, never
     * the capacity of staff work, mail or jobs. `null` reserves nothing for that function (it
     * shares the account's unreserved pool). See docs/deploy.md for a big consultation.
     */
    reservedConcurrency: z
      .record(z.string().min(1), z.number().int().min(1).max(10_000).nullable())
      .default({}),
    /** Largest accepted request body, in bytes (checked by each function). */
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(6 * 1024 * 1024)
      .default(64 * 1024),
    /** How long a stored answer for an `Idempotency-Key` is replayed, in seconds. */
    idempotencyTtlSeconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 60 * 60)
      .default(24 * 60 * 60),
    /**
     * The staff console's hosted sign-in: the https URLs Cognito may return an authorization code
     * to, and those it may send the browser to after signing out. Leave `callbackUrls` empty (the
     * default) for no hosted sign-in at all; with callbacks, logout URLs are required.
     */
    staffSignIn: z
      .object({
        callbackUrls: z
          .array(z.url({ protocol: /^https$/ }))
          .max(100)
          .default([]),
        logoutUrls: z
          .array(z.url({ protocol: /^https$/ }))
          .max(100)
          .default([]),
      })
      .strict()
      .refine((signIn) => signIn.callbackUrls.length === 0 || signIn.logoutUrls.length > 0, {
        path: ['logoutUrls'],
        error: 'name at least one logout URL when callbackUrls enable the hosted sign-in',
      })
      .prefault({}),
    /** Use this existing Cognito user pool for staff instead of creating one. */
    existingUserPoolId: z
      .string()
      .regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'must look like eu-west-1_AbCdEf123')
      .optional(),
    /**
     * Where people reach the API when it has a custom domain (`https://api.city.example/v1`): the
     * base of links in mail (cancel a sign-up, unsubscribe, read a summary). Without it, mail sent
     * by jobs and event consumers links to the API Gateway stage URL.
     */
    publicApiBaseUrl: z.url({ protocol: /^https$/ }).optional(),
    /**
     * Public meetings: the accessibility features a meeting may offer (a meeting lists a subset);
     * `GET /meetings?feature=` filters by them. Codes, so every language names them in its own words.
     */
    meetings: z
      .object({
        accessibilityFeatures: z
          .array(z.string().regex(/^[a-z][a-z0-9-]{1,39}$/))
          .min(1)
          .max(30)
          .default([
            'step-free-access',
            'hearing-loop',
            'sign-language-interpreter',
            'childcare',
            'captioning',
          ]),
      })
      .strict()
      .prefault({}),
    /**
     * Petitions: sponsors a draft needs, how long one stays open, thresholds per type (absolute or
     * a share of `population`, fixed on a petition when it is published), the answer's deadline
     * and its reminder, the household rule (`shared/config/petitions.ts`).
     */
    petitions: petitionsConfig,
    /** How long before a shift or training session its reminder goes out, in minutes. */
    shiftReminderLeadMinutes: z
      .number()
      .int()
      .min(15)
      .max(7 * 24 * 60)
      .default(24 * 60),
    /**
     * Who lives in the city, from its statistics office: residents per neighbourhood and per age
     * band (`under-16`, `16-24`, … `75-plus`). The impact summary compares participants with it
     * (representativeness); leave a dimension empty to skip it.
     */
    population: populationBaseline.prefault({}),
    /** How Civic keeps residents' data private. */
    privacy: z
      .object({
        /**
         * Small numbers stay private: an aggregate shown to anyone but an admin (survey results by
         * neighbourhood, representativeness tables, the digest) withholds every cell counting fewer
         * people than this (`shared/domain/small-numbers.ts`). 2 is the least that means anything.
         */
        minimumCellSize: z.number().int().min(2).max(100).default(5),
        /**
         * How long each entity's personal data is kept, in days, where the city's record of
         * processing says otherwise than the defaults (`docs/privacy.md`): `{ "Vote": 365 }`. An
         * entity no context declares stops the synth.
         */
        retentionDays: z.record(z.string(), z.number().int().min(1).max(36500)).default({}),
        /**
         * The lawful basis the city relies on per entity, where its data-protection officer decided
         * otherwise than the declaration (`consent` or `publicTask`): `{ "Volunteer": "publicTask" }`.
         * It goes into the city's record of processing; an entity no context declares stops the synth.
         */
        legalBasis: z.record(z.string(), z.enum(['consent', 'publicTask'])).default({}),
        /**
         * What a contribution shows once its author asked to be erased: `marked` keeps it in place
         * as "removed at the author's request" (replies and votes keep their context), `hidden`
         * takes it out of public lists too.
         */
        erasedContributions: z.enum(['marked', 'hidden']).default('marked'),
      })
      .strict()
      .prefault({}),
    /** The currency the city keeps its accounts in (ISO 4217); partnership totals are reported in it. */
    currency: currencyCode.default('EUR'),
    /**
     * Rates into `currency`, `{ "USD": 0.92 }` (one dollar is worth 0.92 of the city's currency).
     * A contribution in a currency without a rate is refused rather than mixed into the totals.
     */
    currencyRates: currencyRates.default({}),
    /** What one hour of a partner's staff time is worth, in minor units of `currency`. */
    staffHourValue: z.number().int().min(0).max(1_000_000).default(3000),
    /** When an open partnership shows up in `GET /partnerships?attention=true` (and the digest). */
    partnershipAttention: z
      .object({
        /** Renewal due: the end date is at most this many days away (or already past). */
        renewalNoticeDays: z.number().int().min(1).max(365).default(30),
        /** Stale: no change and no contribution for this many days. */
        staleAfterDays: z.number().int().min(1).max(3650).default(90),
      })
      .strict()
      .prefault({}),
    /**
     * How long an emailed confirmation link works before the write it confirms lapses (the
     * confirmation mechanism; see README "Counts a city can stand behind").
     */
    confirmations: z
      .object({
        /** A vote awaiting confirmation never counts and lapses after this many hours. */
        voteHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 14)
          .default(24),
        /** A survey response awaiting confirmation (surveys with `assurance: email`) lapses after this many hours. */
        responseHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 14)
          .default(24),
        /** A seat held for a sign-up or enrolment awaiting confirmation goes to the next claimant after this many minutes. */
        seatHoldMinutes: z
          .number()
          .int()
          .min(5)
          .max(24 * 60)
          .default(30),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((config, context) => {
    // A method's settings replace the stage's for that method: a higher one would lift the cap.
    for (const [name, throttle] of Object.entries(config.methodThrottling)) {
      for (const field of ['rateLimit', 'burstLimit'] as const) {
        if (throttle[field] > config.throttling[field]) {
          context.addIssue({
            code: 'custom',
            path: ['methodThrottling', name, field],
            message: `must not exceed throttling.${field} (${config.throttling[field]}), the stage's own`,
          });
        }
      }
    }
    if (config.mail.identity && !identityCovers(config.mail.identity, config.senderAddress)) {
      context.addIssue({
        code: 'custom',
        path: ['mail', 'identity'],
        message: `"${config.mail.identity}" does not cover the sender ${config.senderAddress}: use its domain or the address itself`,
      });
    }
  });

/** The SES identity `mail.identity` names, or by default the sender's domain. */
export function mailIdentity(config: CivicConfig): string {
  return config.mail.identity ?? domainOf(config.senderAddress);
}

export type CivicConfig = z.output<typeof civicConfigSchema>;
export type CivicConfigInput = z.input<typeof civicConfigSchema>;

/** Thrown when the configuration is invalid; the message names every bad field. */
export class CivicConfigError extends Error {
  override readonly name = 'CivicConfigError';
  constructor(
    readonly problems: readonly string[],
    source: string,
  ) {
    super(
      `Invalid Civic configuration (${source}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
}

/** Validates a configuration object; every problem is reported as `field: message`. */
export function parseConfig(input: unknown, source = 'configuration'): CivicConfig {
  const parsed = civicConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys')
      return `${field || '(root)'}: unknown setting(s) ${issue.keys.join(', ')}`;
    return `${field || '(root)'}: ${issue.message}`;
  });
  throw new CivicConfigError(problems, source);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `-c civic='{"municipality":"…"}'` arrives as a string; cdk.json context arrives as an object. */
function contextObject(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (isPlainObject(raw)) return raw;
  if (typeof raw === 'string') {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new CivicConfigError(
        [`context "${configContextKey}" is not valid JSON`],
        `CDK context "${configContextKey}"`,
      );
    }
    if (isPlainObject(value)) return value;
  }
  throw new CivicConfigError(
    [`context "${configContextKey}" must be a JSON object`],
    `CDK context "${configContextKey}"`,
  );
}

function fileObject(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CivicConfigError([`not valid JSON (${(error as Error).message})`], path);
  }
  if (!isPlainObject(value)) throw new CivicConfigError(['must contain a JSON object'], path);
  return value;
}

export interface LoadConfigOptions {
  /** The value of CDK context `civic`, if any (object, or JSON text when given with `-c`). */
  context?: unknown;
  /** The settings file; `civic.config.json` at the repository root unless given. */
  file?: string;
}

/** Settings whose objects merge key by key across sources, to this depth (1: their own keys). */
const mergedSettings = {
  throttling: 1,
  staffSignIn: 1,
  mail: 1,
  confirmations: 1,
  meetings: 1,
  petitions: 1,
  privacy: 1,
  rateLimits: 2,
  methodThrottling: 2,
  reservedConcurrency: 1,
} as const;

/** `later` over `earlier`, plain objects merged key by key down to `depth` levels. */
function mergeObjects(earlier: unknown, later: unknown, depth: number): unknown {
  if (depth === 0 || !isPlainObject(earlier) || !isPlainObject(later)) return later;
  const merged: Record<string, unknown> = { ...earlier };
  for (const [key, value] of Object.entries(later))
    merged[key] = key in earlier ? mergeObjects(earlier[key], value, depth - 1) : value;
  return merged;
}

/**
 * The deployment configuration: defaults, then `civic.config.json`, then CDK context `civic`
 * (top-level keys of later sources replace earlier ones; `throttling`, `mail`, `confirmations` and `privacy` merge key by key,
 * `rateLimits` and `methodThrottling` per limit and per field).
 */
export function loadConfig(options: LoadConfigOptions = {}): CivicConfig {
  const file = options.file ?? configFilePath;
  const fromFile = fileObject(file);
  const fromContext = contextObject(options.context);
  const merged: Record<string, unknown> = { ...fromFile, ...fromContext };
  for (const [nested, depth] of Object.entries(mergedSettings)) {
    if (nested in fromFile && nested in fromContext)
      merged[nested] = mergeObjects(fromFile[nested], fromContext[nested], depth);
  }
  const sources = [
    existsSync(file) ? file : undefined,
    options.context !== undefined ? `CDK context "${configContextKey}"` : undefined,
  ]
    .filter(Boolean)
    .join(' + ');
  return parseConfig(merged, sources || 'defaults');
}
