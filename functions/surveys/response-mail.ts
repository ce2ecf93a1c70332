import { pickLanguage } from '../../shared/domain/localized-text';
import { confirmationMail, describeDeadline, mailSafeText } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';

/** Where a response's mail is going and what it is about; subjects are the city's fixed words. */
export interface ResponseMailContext {
  to: string;
  surveyTitle: Record<string, string>;
  language: string;
}

/** What the link confirms, in words: the survey's title, made one plain line. */
export function describeResponse(context: Pick<ResponseMailContext, 'surveyTitle' | 'language'>): string {
  const title = pickLanguage(context.surveyTitle, [context.language], 'en').text;
  return `your response to the survey “${mailSafeText(title)}”`;
}

/** The mail of a response awaiting confirmation: the link, and until when it works. */
export function confirmResponseMail(
  context: ResponseMailContext,
  link: { url: string; expiresAt: string; timeZone: string },
): MailMessage {
  return confirmationMail({
    to: context.to,
    subject: 'Please confirm your survey response',
    paragraphs: [
      `Thank you for taking part. Please confirm ${describeResponse(context)}: it counts once you do.`,
      'If you answered more than once, only the link in the latest email works, and only the answers sent with it count.',
    ],
    action: {
      label: 'Confirm my response',
      url: link.url,
      until: describeDeadline(link.expiresAt, link.timeZone),
    },
  });
}

/** The mail when this address's response already counts: nothing to do, nothing changed. */
export function responseAlreadyCountedMail(context: ResponseMailContext): MailMessage {
  return confirmationMail({
    to: context.to,
    subject: 'Your survey response already counts',
    paragraphs: [
      `Someone, perhaps you, answered again with this address. ${sentence(describeResponse(context))} was already counted, so nothing has changed and there is nothing to do: each person answers once.`,
    ],
  });
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
