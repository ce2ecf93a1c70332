import { z } from 'zod';

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

/**
 * What every function reads from its environment. CDK (`infra/constructs/civic-function.ts`)
 * and the local stack (`infra/local/`) set the same variables; this schema is the contract.
 */
const runtimeConfigSchema = z.object({
  TABLE_NAME: z.string().min(1),
  /** Origins allowed by CORS, e.g. `https://www.example.gov`. */
  ALLOWED_ORIGINS: csv,
  /** URL prefixes a form may be redirected to after a successful post. */
  THANK_YOU_URLS: csv,
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
  /** Content locales the city publishes in, the first is the default. */
  LOCALES: csv.pipe(z.array(z.string().min(2)).min(1)).catch(['en']),
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
