import type { MailMessage } from '../../../shared/mailer/port';

/** A volunteer's shift reminder: both bodies, a calendar invite and one-click unsubscribe headers. */
export const reminder: MailMessage = {
  from: '"Riverside volunteering" <volunteering@city.example>',
  to: 'ana@example.org',
  subject: 'Your shift tomorrow: park clean-up',
  text: 'Hello Ana,\n\nYour shift starts tomorrow at 09:00 at the Riverside park gate.',
  html: '<p>Hello Ana,</p><p>Your shift starts tomorrow at <strong>09:00</strong> at the Riverside park gate.</p>',
  headers: {
    'List-Unsubscribe': '<https://civic.example/unsubscribe/abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  attachments: [
    {
      filename: 'shift.ics',
      contentType: 'text/calendar; method=REQUEST',
      content: [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Civic//Volunteering//EN',
        'METHOD:REQUEST',
        'BEGIN:VEVENT',
        'UID:shift-01J@civic.example',
        'DTSTAMP:20250301T120000Z',
        'DTSTART:20250302T080000Z',
        'DTEND:20250302T110000Z',
        'SUMMARY:Park clean-up',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    },
  ],
};
