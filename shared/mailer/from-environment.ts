import { SESv2Client } from '@aws-sdk/client-sesv2';
import { runtimeConfig } from '../config/runtime';
import { tracer } from '../observability/powertools';
import { createOutboxMailer } from './outbox-mailer';
import type { Mailer } from './port';
import { createSesMailer } from './ses-mailer';

let cached: Mailer | undefined;

/**
 * The mailer this function's environment asks for, made once per execution environment:
 * `MAIL_OUTBOX_DIR` set (the local stack) → `.eml` files there; otherwise SES v2 through
 * `MAIL_CONFIGURATION_SET`, sending as `MAIL_FROM`. A function deployed to mail without its
 * configuration set fails at its first message with a message naming the variable.
 */
export function mailerFromEnvironment(): Mailer {
  if (cached) return cached;
  const config = runtimeConfig();
  const defaultFrom = config.MAIL_FROM ? { defaultFrom: config.MAIL_FROM } : {};
  if (config.MAIL_OUTBOX_DIR) {
    cached = createOutboxMailer(config.MAIL_OUTBOX_DIR, defaultFrom);
    return cached;
  }
  if (!config.MAIL_CONFIGURATION_SET) {
    throw new Error(
      'Invalid function configuration: MAIL_CONFIGURATION_SET is required to send mail through SES (or MAIL_OUTBOX_DIR for the local outbox). Give the function `mails: true` in its registry entry.',
    );
  }
  cached = createSesMailer({
    // Retries are the mailer's (bounded, with jitter), not stacked on top of the SDK's own.
    client: tracer.captureAWSv3Client(new SESv2Client({ maxAttempts: 1 })),
    configurationSetName: config.MAIL_CONFIGURATION_SET,
    ...defaultFrom,
  });
  return cached;
}

/** Forget the mailer (tests that change the environment). */
export function resetMailer(): void {
  cached = undefined;
}
