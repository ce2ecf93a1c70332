import { z } from 'zod';
import { currencyCode, currencyRates } from '../domain/money';
import { isTimeZone } from '../domain/time-zone';
import { isRedirectAllowListEntry } from '../http/form';
import { petitionsConfig } from './petitions';

/** A comma-separated environment value as a trimmed list without empty entries. */
const csv = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** A variable holding JSON (`{}` when unset), parsed and then checked against `schema`. */
function jsonVariable<T extends z.ZodType>(schema: T, example: string) {
  return z
    .string()
    .default('{}')
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: `must be JSON such as ${example}` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** Residents per group; groups missing from the city's statistics are simply absent. */
const populationCounts = z.record(z.string().min(1).max(100), z.number().nonnegative());
export const populationBaseline = z
  .object({ neighbourhoods: populationCounts.default({}), ageBands: populationCounts.default({}) })
  .strict();

/**
 * What every function reads from its environment. CDK (`infra/constructs/civic-function.ts`)
 * and the local stack (`infra/local/`) set the same variables; this schema is the contract.
 */
const runtimeConfigSchema = z.object({
  TABLE_NAME: z.string().min(1),
  /** Origins allowed by CORS, e.g. `https://www.example.gov`. */
  ALLOWED_ORIGINS: csv,
  /** The thank-you folders (URLs ending in `/`) a form may be redirected under after a successful post. */
  THANK_YOU_URLS: csv.pipe(
    z.array(
      z.string().refine(isRedirectAllowListEntry, {
        error: (issue) => `"${String(issue.input)}" must be an http(s) URL whose path ends in "/"`,
      }),
    ),
  ),
  /** Largest accepted request body, in bytes. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** How long a stored answer for an `Idempotency-Key` is replayed. */
  IDEMPOTENCY_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60),
  /** The HMAC key for participant hashes, given directly (local stack, tests)… */
  PARTICIPANT_HASH_KEY: z.string().min(32).optional(),
  /** …or as a Secrets Manager secret (the cloud). */
  PARTICIPANT_HASH_KEY_SECRET_ARN: z.string().min(1).optional(),
  /**
   * Mail domains whose local parts ignore dots (`a.na@gmail.com` is `ana@gmail.com`): addresses
   * there are one participant however they are dotted. Deploy config `emailDotInsensitiveDomains`.
   */
  EMAIL_DOT_INSENSITIVE_DOMAINS: z
    .string()
    .default('gmail.com,googlemail.com')
    .transform((value) => value.split(',').map((domain) => domain.trim().toLowerCase()))
    .pipe(z.array(z.string()).transform((domains) => domains.filter(Boolean))),
  /** Content locales the city publishes in, the first is the default. */
  LOCALES: csv.pipe(z.array(z.string().min(2)).min(1)).catch(['en']),
  /** The city's IANA time zone: reporting periods and schedules are read in it. */
  TIME_ZONE: z
    .string()
    .refine(isTimeZone, { error: (issue) => `"${String(issue.input)}" is not an IANA time zone` })
    .default('UTC'),
  /** The verified sender of Civic's mail (deploy config `senderAddress`). */
  MAIL_FROM: z.email().optional(),
  /** The SES configuration set every message goes through (cloud). */
  MAIL_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Where the local stack's mail lands as `.eml` files instead of SES (`$CIVIC_HOME/outbox`). */
  MAIL_OUTBOX_DIR: z.string().min(1).optional(),
  /** The S3 bucket residents' privacy exports are stored in (cloud; KMS, objects expire after 4 days). */
  EXPORT_BUCKET: z.string().min(1).optional(),
  /** Where the local stack keeps privacy exports as files instead of S3 (`$CIVIC_HOME/exports`). */
  EXPORT_DIR: z.string().min(1).optional(),
  /** The currency the city keeps its accounts in (ISO 4217): partnership totals are in it. */
  CITY_CURRENCY: currencyCode.default('EUR'),
  /** JSON `{ "USD": 0.92 }`: rates into the city's currency; a currency without one is refused. */
  CURRENCY_RATES: jsonVariable(currencyRates, '{"USD":0.92}'),
  /** What one hour of a partner's staff time is worth, in minor units of the city's currency. */
  STAFF_HOUR_VALUE: z.coerce.number().int().nonnegative().default(3000),
  /** An open partnership whose end date is this close (in days) is listed as renewal due. */
  PARTNERSHIP_RENEWAL_NOTICE_DAYS: z.coerce.number().int().positive().default(30),
  /** An open partnership with no change or contribution for this many days is listed as stale. */
  PARTNERSHIP_STALE_AFTER_DAYS: z.coerce.number().int().positive().default(90),
  /** Where residents reach the API, e.g. `https://api.example.gov/v1`: the base of links in mail (cancel a sign-up). */
  PUBLIC_API_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * How long an emailed vote confirmation link works, in hours (deploy config
   * `confirmations.voteHours`): an unconfirmed vote never counts and lapses after it.
   */
  VOTE_CONFIRMATION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(24),
  /**
   * How long an emailed survey-response confirmation link works, in hours (deploy config
   * `confirmations.responseHours`; surveys with `assurance: email`).
   */
  RESPONSE_CONFIRMATION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(24),
  /**
   * How long a seat is held for a sign-up or enrolment awaiting its emailed confirmation, in
   * minutes (deploy config `confirmations.seatHoldMinutes`); after it the seat goes to the next claimant.
   */
  SEAT_HOLD_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(30),
  /**
   * The accessibility features a public meeting may offer (deploy config
   * `meetings.accessibilityFeatures`); a meeting offering another is refused.
   */
  MEETING_ACCESSIBILITY_FEATURES: csv
    .pipe(z.array(z.string().min(1)).min(1))
    .catch(['step-free-access', 'hearing-loop', 'sign-language-interpreter', 'childcare', 'captioning']),
  /** JSON: how the city runs petitions (deploy config `petitions`; `shared/config/petitions.ts`). */
  PETITIONS: jsonVariable(petitionsConfig, '{"sponsorsNeeded":5}'),
  /** How long before a shift (or training session) its reminder mail goes out, in minutes. */
  SHIFT_REMINDER_LEAD_MINUTES: z.coerce
    .number()
    .int()
    .min(15)
    .max(7 * 24 * 60)
    .default(24 * 60),
  /**
   * How long a sign-up or enrolment keeps its turn in a crowd before answering 409 `busy`, in
   * seconds. Keep it under the volunteering function's timeout (28 s).
   */
  SEAT_CLAIM_PATIENCE_SECONDS: z.coerce.number().int().min(1).max(900).default(25),
  /**
   * JSON `{ "neighbourhoods": { "Riverside": 12000, … }, "ageBands": { "25-34": 9000, … } }`: who
   * lives in the city (deploy config `population`), the baseline of the impact summary's
   * representativeness figures.
   */
  POPULATION_BASELINE: jsonVariable(populationBaseline, '{"neighbourhoods":{"Riverside":12000}}'),
  /**
   * The fewest people a cell of an aggregate may count before it is withheld from anyone but an
   * admin (deploy config `privacy.minimumCellSize`; `shared/domain/small-numbers.ts`).
   */
  MINIMUM_CELL_SIZE: z.coerce.number().int().min(2).max(100).default(5),
  /** JSON entity → days: the city's retention overrides (deploy config `privacy.retentionDays`; `shared/privacy/retention.ts`). */
  RETENTION_DAYS: jsonVariable(z.record(z.string(), z.number().int().min(1)), '{"Vote":365}'),
  /** `marked` or `hidden`: what an erased author's contribution shows (deploy config `privacy.erasedContributions`). */
  ERASED_CONTRIBUTIONS: z.enum(['marked', 'hidden']).default('marked'),
  /**
   * For functions that make one-time schedules (`schedulesJobs`; `shared/jobs/one-time-schedules.ts`):
   * the schedule group they are made in, the role Scheduler invokes the job with, and, as JSON,
   * each once-job they may schedule with its function's ARN and the DLQ of undeliverable firings.
   */
  ONE_TIME_SCHEDULE_GROUP: z.string().min(1).optional(),
  ONE_TIME_SCHEDULER_ROLE_ARN: z.string().min(1).optional(),
  ONE_TIME_JOBS: jsonVariable(
    z.record(
      z.string(),
      z.object({ functionArn: z.string().min(1), deadLetterArn: z.string().min(1).optional() }).strict(),
    ),
    '{"petition-overdue":{"functionArn":"arn:aws:lambda:…"}}',
  ),
  /**
   * Where the staff tokens sent to `optionalStaff` routes come from (`shared/http/staff-token.ts`),
   * set only for the functions that have such routes: in the cloud, the staff user pool and its
   * app client (ID tokens, JWKS fetched from Cognito and cached)…
   */
  STAFF_USER_POOL_ID: z.string().min(1).optional(),
  STAFF_USER_POOL_CLIENT_ID: z.string().min(1).optional(),
  /** …or, on the local stack, the local issuer, audience and public keys (a JWKS, as JSON). */
  STAFF_TOKEN_ISSUER: z.string().min(1).optional(),
  STAFF_TOKEN_AUDIENCE: z.string().min(1).optional(),
  STAFF_TOKEN_JWKS: z.string().min(1).optional(),
});

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

let cached: RuntimeConfig | undefined;

/**
 * Reads and validates the environment once per process. A misconfigured function fails at
 * its first request with a message naming every bad variable, rather than half-working.
 */
export function runtimeConfig(): RuntimeConfig {
  if (cached) return cached;
  const parsed = runtimeConfigSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid function configuration: ${problems.join('; ')}`);
  }
  cached = parsed.data;
  return cached;
}

/** Forget the cached configuration (tests that change the environment). */
export function resetRuntimeConfig(): void {
  cached = undefined;
}
