import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { composeMime } from './compose';
import type { Mailer } from './port';

export interface OutboxMailerOptions {
  /** The sender of messages that name none (`MAIL_FROM`). */
  defaultFrom?: string;
  now?: () => Date;
}

/**
 * The local stand-in for SES: each message becomes a real MIME `.eml` file (multipart/alternative
 * text and HTML, attachments in multipart/mixed) in the outbox folder, which any mail client opens.
 * Files are named by time so a directory listing reads like an inbox.
 */
export function createOutboxMailer(outboxDirectory: string, options: OutboxMailerOptions = {}): Mailer {
  const now = options.now ?? (() => new Date());
  return {
    async send(message) {
      const sentAt = now();
      const id = `${sentAt.getTime().toString(36)}.${randomBytes(6).toString('hex')}`;
      const messageId = `<${id}@civic.local>`;
      const mime = await composeMime(message, {
        ...(options.defaultFrom ? { defaultFrom: options.defaultFrom } : {}),
        messageId,
        date: sentAt,
      });
      await mkdir(outboxDirectory, { recursive: true });
      const file = join(outboxDirectory, `${sentAt.toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
      // Written aside and renamed, so a watcher never opens half a message.
      await writeFile(`${file}.partial`, mime);
      await rename(`${file}.partial`, file);
      return { messageId };
    },
  };
}
