import { escapeHtml } from '../http/html';
import { type MessageLanguage, messagesFor } from '../messages';
import type { MailMessage } from './port';

/**
 * Text from outside the city's own templates (a resident's name, a title), made safe for a mail's
 * text part: one line, no control or invisible characters, and no longer than it needs to be. It
 * never goes into a header: subjects are the city's own words.
 */
export function mailSafeText(text: string, maxLength = 120): string {
  const oneLine = text
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length <= maxLength ? oneLine : `${oneLine.slice(0, maxLength - 1).trimEnd()}…`;
}

/** A link's deadline as people read it, in the city's time zone: `Thursday 3 December 2026 at 10:15 (Europe/Paris)`. */
export function describeDeadline(
  instant: string,
  timeZone: string,
  language: MessageLanguage = 'en',
): string {
  const messages = messagesFor(language);
  const when = new Intl.DateTimeFormat(messages.dateLocale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(instant));
  return messages.mail.confirmation.deadline({ when, timeZone });
}

export interface ConfirmationMailContent {
  to: string;
  /** The city's own words only: no resident-supplied text reaches a header. */
  subject: string;
  /** The greeting's name, when the resident gave one (validated as `personName`, sanitised again here). */
  name?: string | undefined;
  /** Paragraphs, in the city's words; interpolated resident text must have gone through `mailSafeText`. */
  paragraphs: readonly string[];
  /** The link to follow and what it does: absent when there is nothing to confirm (already confirmed). */
  action?: { label: string; url: string; until?: string };
  /** The mail's language (the catalogue its fixed texts come from); English when not given. */
  language?: MessageLanguage;
}

/**
 * The mail of the confirmation mechanism, whatever is being confirmed: a greeting, what happened,
 * the link (as a button in HTML, on its own line in text), and why the resident got it.
 */
export function confirmationMail(content: ConfirmationMailContent): MailMessage {
  const language = content.language ?? 'en';
  const texts = messagesFor(language).mail.confirmation;
  const greeting = texts.greeting({ name: content.name ? mailSafeText(content.name, 80) : undefined });
  const why = texts.why;
  const until = content.action?.until ? ` ${texts.linkUntil({ until: content.action.until })}` : '';
  const text = [
    greeting,
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}:${until}\n${content.action.url}`] : []),
    why,
  ].join('\n\n');
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;max-width:36rem">
<p>${escapeHtml(greeting)}</p>
${content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
${
  content.action
    ? `<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:.5rem 1rem;background:#005ea2;color:#fff;text-decoration:none">${escapeHtml(content.action.label)}</a>${escapeHtml(until)}</p>`
    : ''
}
<p style="color:#555">${escapeHtml(why)}</p>
</body></html>
`;
  return { to: content.to, subject: content.subject, text: `${text}\n`, html };
}
