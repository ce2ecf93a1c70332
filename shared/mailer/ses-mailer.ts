import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { composeMime } from './compose';
import { MailDeliveryError } from './errors';
import type { Mailer } from './port';

export interface SesMailerOptions {
  /** Created once per execution environment, with the SDK's own retries off (`maxAttempts: 1`). */
  client: SESv2Client;
  /** Every message goes through this configuration set (suppression list, TLS, reputation metrics). */
  configurationSetName: string;
  /** The sender of messages that name none (`MAIL_FROM`). */
  defaultFrom?: string;
  /**
   * Tries per message, the first included.
   * @default 4
   */
  maxAttempts?: number;
  /**
   * The backoff before the second try; it doubles per try, with full jitter.
   * @default 200
   */
  baseDelayMs?: number;
  /**
   * The longest single pause.
   * @default 5000
   */
  maxDelayMs?: number;
  /** Tests replace the pause. */
  sleep?: (ms: number) => Promise<void>;
  /** Tests fix the jitter. */
  random?: () => number;
}

/** Errors that mean "not now": throttling, quotas that refill, and the service's own failures. */
const transientNames = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
  'InternalServiceErrorException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ConcurrentModificationException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** Socket-level failures before SES answered at all. */
const transientCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

interface ServiceErrorShape {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/**
 * Whether an SES error may go away by itself. Anything SES answers with a 4xx that is not
 * throttling (MessageRejected, MailFromDomainNotVerifiedException, AccountSuspendedException,
 * SendingPausedException, BadRequestException, NotFoundException…) is permanent: retrying the same
 * message cannot change the answer.
 */
export function isTransientMailError(error: unknown): boolean {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ServiceErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  return (
    transientNames.has(shape.name ?? '') ||
    transientCodes.has(shape.code ?? '') ||
    shape.$fault === 'server' ||
    shape.$retryable !== undefined ||
    status === 429 ||
    (status !== undefined && status >= 500)
  );
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends through SES v2 as a raw MIME message (so attachments and extra headers such as
 * `List-Unsubscribe` reach the recipient as composed), always through the configuration set.
 * Transient failures are retried a bounded number of times with exponential backoff and full
 * jitter; the last failure, or the first permanent one, becomes a `MailDeliveryError`.
 */
export function createSesMailer(options: SesMailerOptions): Mailer {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const baseDelayMs = options.baseDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  return {
    async send(message) {
      const raw = await composeMime(message, {
        ...(options.defaultFrom ? { defaultFrom: options.defaultFrom } : {}),
      });
      const command = new SendEmailCommand({
        Content: { Raw: { Data: raw } },
        ConfigurationSetName: options.configurationSetName,
      });
      for (let attempt = 1; ; attempt++) {
        try {
          const answer = await options.client.send(command);
          // SES always names the message it accepted; an accepted message must not be sent twice.
          return { messageId: answer.MessageId ?? '' };
        } catch (error) {
          const reason = (error as { name?: string }).name ?? 'UnknownError';
          if (!isTransientMailError(error)) throw new MailDeliveryError(reason, true, attempt);
          if (attempt >= maxAttempts) throw new MailDeliveryError(reason, false, attempt);
          await sleep(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
        }
      }
    },
  };
}
