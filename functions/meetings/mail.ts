import { calendarInviteFile } from '../../shared/calendar/ics';
import { pickLanguage } from '../../shared/domain/localized-text';
import { escapeHtml } from '../../shared/http/html';
import { confirmationMail, describeDeadline, mailSafeText } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';
import { messagesFor, resolveMessageLanguage } from '../../shared/messages';
import type { StoredMeeting, StoredRegistration } from './store';

/**
 * The mails of the meetings context and the words of its calendar entries. Every fixed text comes
 * from the message catalogue (`mail.meeting.*`), in the language asked for by its fallback chain;
 * the city's own words (titles) are picked in that language too.
 */

/** A meeting's title in the mail's language (or its first), safe for a mail's text. */
export const titleIn = (title: Record<string, string>, language: string): string =>
  mailSafeText(pickLanguage(title, [language], language).text);

/**
 * `Thursday 14 January 2027, 18:00–20:00 (Europe/Madrid)`, in the meeting's own zone and the
 * language's way of writing dates (`dateLocale`).
 */
export function describeMeetingTime(
  startsAt: string,
  endsAt: string,
  timeZone: string,
  language: string,
): string {
  const locale = messagesFor(language).dateLocale;
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone }).format(new Date(startsAt));
  const time = (instant: string) =>
    new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(new Date(instant));
  return `${day}, ${time(startsAt)}–${time(endsAt)} (${timeZone})`;
}

const where = (meeting: Pick<StoredMeeting, 'place' | 'link' | 'format'>): string =>
  [meeting.place?.address, meeting.format !== 'in-person' ? meeting.link : undefined]
    .filter(Boolean)
    .join(' · ');

/** What a confirmation link confirms, for its page and answer. */
export const confirmedThing = (registration: StoredRegistration, language: string) =>
  messagesFor(language).mail.meeting.yourPlace({
    title: titleIn(registration.title, language),
    when: describeMeetingTime(registration.startsAt, registration.endsAt, registration.timeZone, language),
  });

/** The calendar's name in the public feed. */
export const calendarName = (language: string) => messagesFor(language).mail.meeting.calendarName;

/** The meeting as one calendar entry; the UID is the meeting's, so an invite and the feed agree. */
export function meetingCalendarEntry(meeting: StoredMeeting, language: string, cancelLink?: string) {
  const texts = messagesFor(language).mail.meeting;
  return {
    uid: `meeting-${meeting.activityId}@civic`,
    title: titleIn(meeting.title, language),
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    location: where(meeting) || undefined,
    geo: meeting.place?.point,
    url: meeting.link,
    description: [
      `${describeMeetingTime(meeting.startsAt, meeting.endsAt, meeting.timeZone, language)}.`,
      ...(meeting.accessibility.length > 0
        ? [texts.inviteAccessibility({ features: meeting.accessibility.join(', ') })]
        : []),
      ...(cancelLink ? [texts.inviteCancel({ link: cancelLink })] : []),
    ].join('\n'),
  };
}

export type RegistrationNotice =
  | { notice: 'hold'; until: number; link: string }
  | { notice: 'waitlisted'; position: number }
  | { notice: 'already-held'; until: number; link: string }
  | { notice: 'already-confirmed' }
  | { notice: 'already-waitlisted'; position: number }
  | { notice: 'already-registered' };

/**
 * The mail a registration on an `email` meeting answers with: the answer is the same for every
 * address, what differs for this one is here.
 */
export function registrationNoticeMail(
  to: string,
  name: string,
  meeting: StoredMeeting,
  notice: RegistrationNotice,
  language: string,
): MailMessage {
  const texts = messagesFor(language).mail.meeting.notice;
  const shipped = resolveMessageLanguage(language);
  const title = titleIn(meeting.title, language);
  const when = describeMeetingTime(meeting.startsAt, meeting.endsAt, meeting.timeZone, language);
  const deadline = (until: number) =>
    describeDeadline(new Date(until * 1000).toISOString(), meeting.timeZone, shipped);
  const common = { to, name, language: shipped };
  switch (notice.notice) {
    case 'hold':
    case 'already-held':
      return confirmationMail({
        ...common,
        subject: texts.holdSubject({ title }),
        paragraphs: [texts.held({ title, when }), texts.confirmWithLink],
        action: { label: texts.confirmPlace, url: notice.link, until: deadline(notice.until) },
      });
    case 'waitlisted':
    case 'already-waitlisted':
      return confirmationMail({
        ...common,
        subject: texts.waitlistedSubject({ title }),
        paragraphs: [texts.waitlisted({ title, when, position: notice.position }), texts.willEmail],
      });
    case 'already-confirmed':
    case 'already-registered':
      return confirmationMail({
        ...common,
        subject: texts.alreadySubject({ title }),
        paragraphs: [texts.already({ title, when })],
      });
  }
}

/** The confirmation of a place, or its reminder, with the calendar invite attached. */
export function registrationConfirmedMail(
  registration: StoredRegistration,
  meeting: StoredMeeting,
  options: { language: string; cancelLink: string | undefined; purpose: 'confirmed' | 'reminder' },
): MailMessage {
  const language = resolveMessageLanguage(options.language);
  const texts = messagesFor(language).mail.meeting;
  const title = titleIn(meeting.title, language);
  const when = describeMeetingTime(meeting.startsAt, meeting.endsAt, meeting.timeZone, language);
  const place = where(meeting);
  const opening = texts.openings[options.purpose];
  const subject =
    options.purpose === 'reminder'
      ? texts.subjects.reminder({ title, when })
      : texts.subjects.confirmed({ title });
  const text = [
    texts.greeting({ name: mailSafeText(registration.contact.name, 80) }),
    '',
    opening,
    '',
    `${texts.what}: ${title}`,
    `${texts.when}: ${when}`,
    ...(place ? [`${texts.where}: ${place}`] : []),
    '',
    texts.invite,
    ...(options.cancelLink ? ['', texts.cancelLine({ link: options.cancelLink })] : []),
  ].join('\n');
  const row = (header: string, value: string) =>
    `<tr><th scope="row" align="left">${escapeHtml(header)}</th><td>${escapeHtml(value)}</td></tr>`;
  const html = [
    // A language and a title, as every mail's HTML part has: screen readers announce and speak by them.
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(texts.greeting({ name: registration.contact.name }))}</p>`,
    `<p>${escapeHtml(opening)}</p>`,
    // A data table (what, when, where), not a layout one: its row headers must reach screen readers.
    '<table>',
    row(texts.what, title),
    row(texts.when, when),
    ...(place ? [row(texts.where, place)] : []),
    '</table>',
    `<p>${escapeHtml(texts.invite)}</p>`,
    ...(options.cancelLink
      ? [
          `<p>${escapeHtml(texts.cancelLead)} <a href="${escapeHtml(options.cancelLink)}">${escapeHtml(texts.cancelLinkText)}</a> ${escapeHtml(texts.cancelRest)}</p>`,
        ]
      : []),
    '</body></html>',
  ].join('\n');
  return {
    to: registration.contact.email,
    subject,
    text,
    html,
    headers: { 'X-Civic-Claim': `meeting:${registration.claimId}` },
    attachments: [
      {
        filename: 'invite.ics',
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
        content: calendarInviteFile(
          {
            ...meetingCalendarEntry(meeting, language, options.cancelLink),
            uid: `meeting-registration-${registration.claimId}@civic`,
          },
          'civic/meetings',
        ),
      },
    ],
  };
}

/** The answer to an accommodation request, in the coordinator's words. */
export function accommodationAnswerMail(
  registration: StoredRegistration,
  answer: { met: boolean; message?: string | undefined },
  language: string,
): MailMessage {
  const texts = messagesFor(language).mail.meeting.accommodation;
  const title = titleIn(registration.title, language);
  return confirmationMail({
    to: registration.contact.email,
    name: registration.contact.name,
    language: resolveMessageLanguage(language),
    subject: answer.met ? texts.metSubject({ title }) : texts.unmetSubject({ title }),
    paragraphs: [
      answer.met ? texts.met({ title }) : texts.unmet({ title }),
      ...(answer.message ? [texts.organisersWrite({ message: answer.message })] : []),
    ],
  });
}

/** Tells the registrant their place is cancelled, whoever cancelled it (the registrant or staff). */
export function registrationCancelledMail(
  registration: StoredRegistration,
  by: 'registrant' | 'staff',
  language: string,
): MailMessage {
  const texts = messagesFor(language).mail.meeting.cancelled;
  const title = titleIn(registration.title, language);
  const when = describeMeetingTime(
    registration.startsAt,
    registration.endsAt,
    registration.timeZone,
    language,
  );
  return confirmationMail({
    to: registration.contact.email,
    name: registration.contact.name,
    language: resolveMessageLanguage(language),
    subject: texts.subject({ title }),
    paragraphs: [
      by === 'staff' ? texts.byStaff({ title, when }) : texts.byRegistrant({ title, when }),
      texts.registerAgain,
    ],
  });
}
