/**
 * How Civic sends email, whatever carries it: SES v2 in the cloud, `.eml` files in
 * `$CIVIC_HOME/outbox/` on the local stack. Jobs and consumers depend on this interface only.
 */

export interface MailAttachment {
  filename: string;
  /** MIME type, e.g. `text/csv` or `application/pdf`. */
  contentType: string;
  content: string | Uint8Array;
}

export interface MailMessage {
  /** `"Civic" <digest@city.example>` or a bare address. */
  from: string;
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
  send(message: MailMessage): Promise<{ messageId: string }>;
}
