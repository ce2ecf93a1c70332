import type { ConsentPurpose, PrivacyRequestType } from '../../events/privacy';
import { confirmationMail, describeDeadline } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';
import { type MessageLanguage, messagesFor, resolveMessageLanguage } from '../../shared/messages';

/**
 * Every privacy mail is in the city's own words only: nothing a resident typed reaches it. No
 * resident's language is stored with a request, so each is in the city's default language.
 */

const cityLanguage = () => resolveMessageLanguage(undefined);

/** What a request asks, in words, for its mail and its confirmation page. */
export function describePrivacyRequest(
  type: PrivacyRequestType,
  purpose?: ConsentPurpose,
  language: MessageLanguage = cityLanguage(),
): string {
  const texts = messagesFor(language).mail.privacy;
  if (type === 'export') return texts.exportRequest;
  if (type === 'erase') return texts.eraseRequest;
  return texts.withdrawRequest({ purpose: purpose ? texts.purposes[purpose] : texts.anyPurpose });
}

/** The confirmation link of a request: nothing runs until it is followed and confirmed. */
export function confirmPrivacyRequestMail(
  to: string,
  request: { type: PrivacyRequestType; purpose?: ConsentPurpose | undefined },
  link: { url: string; expiresAt: string; timeZone: string },
  language: MessageLanguage = cityLanguage(),
): MailMessage {
  const texts = messagesFor(language).mail.privacy;
  const erase = request.type === 'erase' ? [texts.eraseWarning] : [];
  return confirmationMail({
    to,
    language,
    subject: texts.subject,
    paragraphs: [
      texts.received({ what: describePrivacyRequest(request.type, request.purpose, language) }),
      ...erase,
    ],
    action: {
      label: texts.action,
      url: link.url,
      until: describeDeadline(link.expiresAt, link.timeZone, language),
    },
  });
}

/** The export's download links: the whole document, and one CSV per kind of record. */
export function exportReadyMail(
  to: string,
  links: {
    document: string;
    csv: readonly { entity: string; url: string }[];
    expiresAt: string;
    timeZone: string;
  },
  language: MessageLanguage = cityLanguage(),
): MailMessage {
  const texts = messagesFor(language).mail.privacy;
  const csv =
    links.csv.length === 0
      ? [texts.noRecords]
      : [
          texts.spreadsheets({
            links: links.csv.map(({ entity, url }) => `${entity}: ${url}`).join(' — '),
          }),
        ];
  return confirmationMail({
    to,
    language,
    subject: texts.exportSubject,
    paragraphs: [texts.exportReady, ...csv],
    action: {
      label: texts.exportAction,
      url: links.document,
      until: describeDeadline(links.expiresAt, links.timeZone, language),
    },
  });
}

/** An erasure has been carried out. */
export function erasedMail(to: string, language: MessageLanguage = cityLanguage()): MailMessage {
  const texts = messagesFor(language).mail.privacy;
  return confirmationMail({ to, language, subject: texts.erasedSubject, paragraphs: [texts.erased] });
}

/** A consent has been withdrawn. */
export function consentWithdrawnMail(
  to: string,
  purpose: ConsentPurpose,
  language: MessageLanguage = cityLanguage(),
): MailMessage {
  const texts = messagesFor(language).mail.privacy;
  return confirmationMail({
    to,
    language,
    subject: texts.withdrawnSubject,
    paragraphs: [texts.withdrawn({ purpose: texts.purposes[purpose] })],
  });
}
