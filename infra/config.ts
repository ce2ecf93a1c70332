import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

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

function isTimeZone(value: string): boolean {
  // Offsets such as `+01:00` are valid for Intl on newer engines but not for EventBridge Scheduler,
  // which wants a tz-database name; so the name must look like one *and* be known to Intl.
  if (!/^(UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
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
    /** URL prefixes a form may send the browser to after a successful post (`_redirect`). */
    thankYouUrls: z
      .array(
        z.string().refine(isPageUrl, { error: (issue) => `"${String(issue.input)}" is not an https URL` }),
      )
      .default([]),
    /** The From address of email Civic sends (digests via SES v2); its domain must be verified in SES. */
    senderAddress: z.email().default('no-reply@example.gov'),
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
    /** Use this existing Cognito user pool for staff instead of creating one. */
    existingUserPoolId: z
      .string()
      .regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'must look like eu-west-1_AbCdEf123')
      .optional(),
  })
  .strict();

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

/**
 * The deployment configuration: defaults, then `civic.config.json`, then CDK context `civic`
 * (top-level keys of later sources replace earlier ones; `throttling` merges key by key).
 */
export function loadConfig(options: LoadConfigOptions = {}): CivicConfig {
  const file = options.file ?? configFilePath;
  const fromFile = fileObject(file);
  const fromContext = contextObject(options.context);
  const merged: Record<string, unknown> = { ...fromFile, ...fromContext };
  if (isPlainObject(fromFile.throttling) && isPlainObject(fromContext.throttling)) {
    merged.throttling = { ...fromFile.throttling, ...fromContext.throttling };
  }
  const sources = [
    existsSync(file) ? file : undefined,
    options.context !== undefined ? `CDK context "${configContextKey}"` : undefined,
  ]
    .filter(Boolean)
    .join(' + ');
  return parseConfig(merged, sources || 'defaults');
}
