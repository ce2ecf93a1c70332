import { pickLanguage, preferredLanguages } from '../../shared/domain/localized-text';
import { confirmationMail, describeDeadline, mailSafeText } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';
import { messagesFor, resolveMessageLanguage } from '../../shared/messages';

/** Where a response's mail is going and what it is about; subjects are the city's fixed words. */
export interface ResponseMailContext {
  to: string;
  surveyTitle: Record<string, string>;
  language: string;
}

/** What the link confirms, in words: the survey's title, made one plain line. */
export function describeResponse(context: Pick<ResponseMailContext, 'surveyTitle' | 'language'>): string {
  const title = pickLanguage(context.surveyTitle, preferredLanguages(context.language, undefined), 'en').text;
  return messagesFor(context.language).mail.response.what({ title: mailSafeText(title) });
}

/** The mail of a response awaiting confirmation: the link, and until when it works. */
export function confirmResponseMail(
  context: ResponseMailContext,
  link: { url: string; expiresAt: string; timeZone: string },
): MailMessage {
  const language = resolveMessageLanguage(context.language);
  const texts = messagesFor(language).mail.response;
  return confirmationMail({
    to: context.to,
    language,
    subject: texts.subject,
    paragraphs: [texts.ask({ what: describeResponse(context) }), texts.latestOnly],
    action: {
      label: texts.action,
      url: link.url,
      until: describeDeadline(link.expiresAt, link.timeZone, language),
    },
  });
}

/** The mail when this address's response already counts: nothing to do, nothing changed. */
export function responseAlreadyCountedMail(context: ResponseMailContext): MailMessage {
  const language = resolveMessageLanguage(context.language);
  const texts = messagesFor(language).mail.response;
  return confirmationMail({
    to: context.to,
    language,
    subject: texts.alreadySubject,
    paragraphs: [texts.already({ what: describeResponse(context) })],
  });
}
