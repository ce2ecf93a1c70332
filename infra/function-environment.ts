import type { CivicConfig } from './config';

/**
 * The environment variables every Civic function reads (`shared/config/runtime.ts` is their
 * schema) that come from the deploy configuration. CDK gives them to every HTTP function, event
 * consumer and job, and the local stack to every local function, so there is one mapping from
 * `civic.config.json` to what the code sees. Per-function variables (table, bus, mail, service
 * name) are added where each function is built.
 */
export function configEnvironment(config: CivicConfig): Record<string, string> {
  return {
    ALLOWED_ORIGINS: config.allowedOrigins.join(','),
    THANK_YOU_URLS: config.thankYouUrls.join(','),
    MAX_BODY_BYTES: String(config.maxBodyBytes),
    IDEMPOTENCY_TTL_SECONDS: String(config.idempotencyTtlSeconds),
    LOCALES: config.locales.join(','),
    EMAIL_DOT_INSENSITIVE_DOMAINS: config.emailDotInsensitiveDomains.join(','),
    TIME_ZONE: config.timeZone,
    CITY_CURRENCY: config.currency,
    CURRENCY_RATES: JSON.stringify(config.currencyRates),
    STAFF_HOUR_VALUE: String(config.staffHourValue),
    PARTNERSHIP_RENEWAL_NOTICE_DAYS: String(config.partnershipAttention.renewalNoticeDays),
    PARTNERSHIP_STALE_AFTER_DAYS: String(config.partnershipAttention.staleAfterDays),
    POPULATION_BASELINE: JSON.stringify(config.population),
    MEETING_ACCESSIBILITY_FEATURES: config.meetings.accessibilityFeatures.join(','),
    PETITIONS: JSON.stringify(config.petitions),
    SHIFT_REMINDER_LEAD_MINUTES: String(config.shiftReminderLeadMinutes),
    VOTE_CONFIRMATION_HOURS: String(config.confirmations.voteHours),
    RESPONSE_CONFIRMATION_HOURS: String(config.confirmations.responseHours),
    SEAT_HOLD_MINUTES: String(config.confirmations.seatHoldMinutes),
    MINIMUM_CELL_SIZE: String(config.privacy.minimumCellSize),
    RETENTION_DAYS: JSON.stringify(config.privacy.retentionDays),
    ERASED_CONTRIBUTIONS: config.privacy.erasedContributions,
    ...(config.publicApiBaseUrl ? { PUBLIC_API_BASE_URL: config.publicApiBaseUrl } : {}),
  };
}
