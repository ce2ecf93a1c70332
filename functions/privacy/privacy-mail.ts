import type { ConsentPurpose, PrivacyRequestType } from '../../events/privacy';
import { confirmationMail, describeDeadline } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';

/** Every privacy mail is in the city's own words only: nothing a resident typed reaches it. */

const purposeWords: Record<ConsentPurpose, string> = {
  contact: 'being contacted about what you wrote or signed up for',
  demographics: 'sharing your neighbourhood and age band for the inclusion figures',
};

/** What a request asks, in words, for its mail and its confirmation page. */
export function describePrivacyRequest(type: PrivacyRequestType, purpose?: ConsentPurpose): string {
  if (type === 'export') return 'your request for a copy of everything the city holds about this address';
  if (type === 'erase') return 'your request to erase everything the city holds about this address';
  return `your withdrawal of consent to ${purpose ? purposeWords[purpose] : 'a purpose'}`;
}

/** The confirmation link of a request: nothing runs until it is followed and confirmed. */
export function confirmPrivacyRequestMail(
  to: string,
  request: { type: PrivacyRequestType; purpose?: ConsentPurpose | undefined },
  link: { url: string; expiresAt: string; timeZone: string },
): MailMessage {
  const erase =
    request.type === 'erase'
      ? [
          'Erasing cannot be undone: your contact details and what you wrote are removed, while your votes, sign-ups and hours stay in the city’s counts without anything that links them to you.',
        ]
      : [];
  return confirmationMail({
    to,
    subject: 'Please confirm your privacy request',
    paragraphs: [
      `We received ${describePrivacyRequest(request.type, request.purpose)}. Please confirm it: nothing happens until you do.`,
      ...erase,
    ],
    action: {
      label: 'Confirm my request',
      url: link.url,
      until: describeDeadline(link.expiresAt, link.timeZone),
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
): MailMessage {
  const csv =
    links.csv.length === 0
      ? ['The city holds no records about this address.']
      : [
          `The same records as spreadsheets (CSV), one per kind: ${links.csv.map(({ entity, url }) => `${entity}: ${url}`).join(' — ')}`,
        ];
  return confirmationMail({
    to,
    subject: 'Your data export is ready',
    paragraphs: [
      'Here is everything the city holds about this address, as you asked. The links work for 72 hours; anyone with them can open the file, so do not forward this email.',
      ...csv,
    ],
    action: {
      label: 'Download my data (JSON)',
      url: links.document,
      until: describeDeadline(links.expiresAt, links.timeZone),
    },
  });
}

/** An erasure has been carried out. */
export function erasedMail(to: string): MailMessage {
  return confirmationMail({
    to,
    subject: 'Your data has been erased',
    paragraphs: [
      'As you asked, the city has erased your contact details and what you wrote. Your votes, sign-ups and hours stay in its counts, with nothing that links them to you. This is the last email sent to this address about it; the address itself is no longer kept.',
    ],
  });
}

/** A consent has been withdrawn. */
export function consentWithdrawnMail(to: string, purpose: ConsentPurpose): MailMessage {
  return confirmationMail({
    to,
    subject: 'Your consent has been withdrawn',
    paragraphs: [
      `As you asked, you no longer consent to ${purposeWords[purpose]}. This takes effect everywhere at once.`,
    ],
  });
}
