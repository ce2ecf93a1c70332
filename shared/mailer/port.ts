/**
 * How Civic sends email, whatever carries it: SES v2 in the cloud, `.eml` files in
 * `$CIVIC_HOME/outbox/` on the local stack. Jobs and consumers depend on this interface only.
 */

export interface MailAttachment {
  filename: string;
  /**
   * MIME type, e.g. `text/csv` or `application/pdf`; parameters are kept, so a calendar invite is
   * `text/calendar; method=REQUEST`.
   */
  contentType: string;
  content: string | Uint8Array;
}

export interface MailMessage {
  /**
   * `"Civic" <digest@city.example>` or a bare address. Leave it out to send from the deployment's
   * verified sender (`MAIL_FROM`, from `senderAddress` in the deploy config).
   */
  from?: string;
  to: string | readonly string[];
  subject: string;
  /** Both bodies are sent (multipart/alternative), so every mail client has something it can show. */
  html: string;
  text: string;
  /** Extra headers such as `List-Unsubscribe` or an idempotency `X-Civic-Digest-Id`. */
  headers?: Readonly<Record<string, string>>;
  attachments?: readonly MailAttachment[];
}

export interface Mailer {
  /**
   * Sends one message. Transient failures are retried inside; what still fails rejects with a
   * `MailDeliveryError` (`shared/mailer/errors.ts`) saying whether retrying later could help.
   */
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/**
 * How one mail of a mailing ended, as its delivery mark records it: sent (with the mail service's
 * message ID), or refused for good (`failed`, never tried again).
 */
export type DeliveryOutcome = { status: 'sent'; messageId: string } | { status: 'failed'; reason: string };
