import { calendarInviteFile } from '../../shared/calendar/ics';
import { pickLanguage } from '../../shared/domain/localized-text';
import { escapeHtml } from '../../shared/http/html';
import { confirmationMail, describeDeadline, mailSafeText } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';
import type { StoredMeeting, StoredRegistration } from './store';

/**
 * Every resident-facing text of the meetings context (mail, pages, the words of the calendar
 * feed), in English, in one module so they move into the message catalogue as they are.
 */

/** A meeting's title in the mail's language (or its first), safe for a mail's text. */
export const titleIn = (title: Record<string, string>, language: string): string =>
  mailSafeText(pickLanguage(title, [language], language).text);

/** `Thursday 14 January 2027, 18:00–20:00 (Europe/Madrid)`, in the meeting's own zone. */
export function describeMeetingTime(startsAt: string, endsAt: string, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone }).format(new Date(startsAt));
  const time = (instant: string) =>
    new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone }).format(new Date(instant));
  return `${day}, ${time(startsAt)}–${time(endsAt)} (${timeZone})`;
}

export const where = (meeting: Pick<StoredMeeting, 'place' | 'link' | 'format'>): string =>
  [meeting.place?.address, meeting.format !== 'in-person' ? meeting.link : undefined]
    .filter(Boolean)
    .join(' · ');

/** What a confirmation link confirms, for its page and answer. */
export const confirmedThing = (registration: StoredRegistration, language: string) =>
  `your place at the meeting “${titleIn(registration.title, language)}”, ${describeMeetingTime(registration.startsAt, registration.endsAt, registration.timeZone)}`;

/** The meeting as one calendar entry; the UID is the meeting's, so an invite and the feed agree. */
export function meetingCalendarEntry(meeting: StoredMeeting, language: string, cancelLink?: string) {
  return {
    uid: `meeting-${meeting.activityId}@civic`,
    title: titleIn(meeting.title, language),
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    location: where(meeting) || undefined,
    geo: meeting.place?.point,
    url: meeting.link,
    description: [
      `${describeMeetingTime(meeting.startsAt, meeting.endsAt, meeting.timeZone)}.`,
      ...(meeting.accessibility.length > 0 ? [`Accessibility: ${meeting.accessibility.join(', ')}.`] : []),
      ...(cancelLink ? [`Can't come? Cancel your place: ${cancelLink}`] : []),
    ].join('\n'),
  };
}

export const calendarName = 'Public meetings';

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
  const title = titleIn(meeting.title, language);
  const when = describeMeetingTime(meeting.startsAt, meeting.endsAt, meeting.timeZone);
  const deadline = (until: number) =>
    describeDeadline(new Date(until * 1000).toISOString(), meeting.timeZone);
  switch (notice.notice) {
    case 'hold':
    case 'already-held':
      return confirmationMail({
        to,
        name,
        subject: `Confirm your place at ${title}`,
        paragraphs: [
          `A place at the public meeting “${title}”, ${when}, is held for you.`,
          'Confirm it with the link below; unconfirmed, it goes to the next person.',
        ],
        action: { label: 'Confirm my place', url: notice.link, until: deadline(notice.until) },
      });
    case 'waitlisted':
    case 'already-waitlisted':
      return confirmationMail({
        to,
        name,
        subject: `You are on the waitlist: ${title}`,
        paragraphs: [
          `The public meeting “${title}”, ${when}, is full. You are number ${notice.position} on its waitlist.`,
          'If a place frees up for you, we will email you a link to confirm it.',
        ],
      });
    case 'already-confirmed':
    case 'already-registered':
      return confirmationMail({
        to,
        name,
        subject: `You are already registered: ${title}`,
        paragraphs: [`This address is already registered for the public meeting “${title}”, ${when}.`],
      });
  }
}

/** The confirmation of a place, with the calendar invite attached. */
export function registrationConfirmedMail(
  registration: StoredRegistration,
  meeting: StoredMeeting,
  options: { language: string; cancelLink: string | undefined; purpose: 'confirmed' | 'reminder' },
): MailMessage {
  const title = titleIn(meeting.title, options.language);
  const when = describeMeetingTime(meeting.startsAt, meeting.endsAt, meeting.timeZone);
  const place = where(meeting);
  const opening =
    options.purpose === 'reminder'
      ? 'This is a reminder of the public meeting you registered for.'
      : 'Thank you for registering. Your place at this public meeting is confirmed.';
  const cancelLine = options.cancelLink
    ? `Can't come after all? Cancel your place so the next person waiting gets it: ${options.cancelLink}`
    : undefined;
  const text = [
    `Hello ${mailSafeText(registration.contact.name, 80)},`,
    '',
    opening,
    '',
    `What: ${title}`,
    `When: ${when}`,
    ...(place ? [`Where: ${place}`] : []),
    '',
    'The attached invite adds it to your calendar.',
    ...(cancelLine ? ['', cancelLine] : []),
  ].join('\n');
  const html = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;line-height:1.5">`,
    `<p>Hello ${escapeHtml(registration.contact.name)},</p>`,
    `<p>${escapeHtml(opening)}</p>`,
    '<table role="presentation">',
    `<tr><th scope="row" align="left">What</th><td>${escapeHtml(title)}</td></tr>`,
    `<tr><th scope="row" align="left">When</th><td>${escapeHtml(when)}</td></tr>`,
    ...(place ? [`<tr><th scope="row" align="left">Where</th><td>${escapeHtml(place)}</td></tr>`] : []),
    '</table>',
    '<p>The attached invite adds it to your calendar.</p>',
    ...(options.cancelLink
      ? [
          `<p>Can't come after all? <a href="${escapeHtml(options.cancelLink)}">Cancel your place</a> so the next person waiting gets it.</p>`,
        ]
      : []),
    '</body></html>',
  ].join('\n');
  return {
    to: registration.contact.email,
    subject: options.purpose === 'reminder' ? `Reminder: ${title}, ${when}` : `You're registered: ${title}`,
    text,
    html,
    headers: { 'X-Civic-Claim': `meeting:${registration.claimId}` },
    attachments: [
      {
        filename: 'invite.ics',
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
        content: calendarInviteFile(
          {
            ...meetingCalendarEntry(meeting, options.language, options.cancelLink),
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
  const title = titleIn(registration.title, language);
  const opening = answer.met
    ? `We can arrange what you asked for at the public meeting “${title}”.`
    : `We are sorry: we cannot arrange everything you asked for at the public meeting “${title}”.`;
  return confirmationMail({
    to: registration.contact.email,
    name: registration.contact.name,
    subject: answer.met ? `Your request for ${title}` : `About your request for ${title}`,
    paragraphs: [opening, ...(answer.message ? [`The organisers write: ${answer.message}`] : [])],
  });
}

/** The page a plain-form registration on an `open` meeting ends on. */
export function registrationAnswerPage(answer: {
  status: 'confirmed' | 'waitlisted';
  position?: number | undefined;
}) {
  const content =
    answer.status === 'confirmed'
      ? 'Your place is confirmed. An email with a calendar invite is on its way.'
      : `The meeting is full: you are number ${answer.position ?? 1} on its waitlist. We will email you if a place frees up.`;
  return {
    title: answer.status === 'confirmed' ? 'You are registered' : 'You are on the waitlist',
    content: `<h1>${answer.status === 'confirmed' ? 'You are registered' : 'You are on the waitlist'}</h1>\n<p role="status">${escapeHtml(content)}</p>`,
  };
}
