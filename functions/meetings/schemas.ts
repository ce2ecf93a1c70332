import { z } from 'zod';
import { runtimeConfig } from '../../shared/config/runtime';
import { assuranceLevel, checkYourEmail } from '../../shared/domain/confirmation';
import { idSchema } from '../../shared/domain/ids';
import { localeTag, localizedText } from '../../shared/domain/localized-text';
import { pageQuery, pageSchema } from '../../shared/domain/page';
import { personName } from '../../shared/domain/participant';
import { longText, oneLineText } from '../../shared/domain/text';
import { isTimeZone } from '../../shared/domain/time-zone';
import { personalData } from '../../shared/privacy/personal-data';

const id = idSchema;
const instant = z.iso.datetime({ offset: true }).max(40).describe('ISO 8601 date-time with offset.');
const text = z.record(z.string(), z.string());

const timeZone = z
  .string()
  .max(64)
  .regex(
    /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/,
    'Use an IANA time zone name such as Europe/Brussels.',
  )
  .refine(isTimeZone, 'Use an IANA time zone name such as Europe/Brussels.')
  .describe('IANA time zone the meeting takes place in; shown in mail.');

export const meetingFormats = ['in-person', 'online', 'hybrid'] as const;
export type MeetingFormat = (typeof meetingFormats)[number];

/**
 * An accessibility feature's code. Which codes a city offers is configuration
 * (`meetings.accessibilityFeatures`), so the schema checks the shape and the use case the list.
 */
const feature = z
  .string()
  .max(40)
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'Use a feature code such as step-free-access.')
  .refine(
    (value) => runtimeConfig().MEETING_ACCESSIBILITY_FEATURES.includes(value),
    'Not an accessibility feature this city offers (meetings.accessibilityFeatures).',
  );

const point = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });
const place = z
  .object({ address: oneLineText({ max: 300 }), point })
  .describe('Where an in-person or hybrid meeting happens.');

export const meetingInput = z
  .object({
    title: localizedText(200),
    description: localizedText(8000, 'long').optional(),
    startsAt: instant,
    endsAt: instant,
    timeZone,
    format: z.enum(meetingFormats),
    place: place.optional().describe('Required for `in-person` and `hybrid`.'),
    link: z
      .url({ protocol: /^https$/, hostname: z.regexes.domain })
      .max(2000)
      .optional()
      .describe('https link to join; required for `online` and `hybrid`.'),
    capacity: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe(
        'Seats; registrations beyond it wait in line. Absent: unlimited, every registration is confirmed.',
      ),
    accessibility: z
      .array(feature)
      .max(30)
      .default([])
      .transform((features) => [...new Set(features)])
      .describe('Accessibility features offered: a subset of the city’s `meetings.accessibilityFeatures`.'),
    languages: z.array(localeTag).min(1).max(20).describe('Languages the meeting is held in.'),
    assurance: assuranceLevel
      .default('email')
      .describe(
        '`email` (default): a seat is held until the mailed link is confirmed. `open`: counts at once.',
      ),
  })
  .superRefine((value, context) => {
    const starts = Date.parse(value.startsAt);
    const ends = Date.parse(value.endsAt);
    if (ends <= starts)
      context.addIssue({ code: 'custom', path: ['endsAt'], message: 'Must be after startsAt.' });
    else if (ends - starts > 24 * 3_600_000)
      context.addIssue({ code: 'custom', path: ['endsAt'], message: 'Must be within a day of startsAt.' });
    if (value.format !== 'online' && !value.place)
      context.addIssue({
        code: 'custom',
        path: ['place'],
        message: `Required for a ${value.format} meeting.`,
      });
    if (value.format !== 'in-person' && !value.link)
      context.addIssue({
        code: 'custom',
        path: ['link'],
        message: `Required for an ${value.format} meeting.`,
      });
  });
export type MeetingInput = z.output<typeof meetingInput>;

export const engagementParams = z.object({ engagementId: id });
export const meetingParams = z.object({ meetingId: id });
export const registrationParams = z.object({ registrationId: id });

const recordView = z.object({
  minutes: text,
  outcomes: z.array(text).max(50),
  publishedAt: z.string(),
});

export const meeting = z.object({
  meetingId: z.string(),
  engagementId: z.string(),
  initiativeId: z.string(),
  title: text,
  description: text.optional(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  format: z.enum(meetingFormats),
  place: z.object({ address: z.string(), point: z.object({ lat: z.number(), lon: z.number() }) }).optional(),
  link: z.string().optional(),
  accessibility: z.array(z.string()).max(30),
  languages: z.array(z.string()).max(20),
  assurance: assuranceLevel,
  capacity: z.number().int().optional().describe('Absent: unlimited.'),
  seatsLeft: z.number().int().nonnegative().optional().describe('Absent when seats are unlimited.'),
  waiting: z.number().int().nonnegative(),
  record: recordView.optional().describe('Minutes and outcomes, once published after the meeting.'),
  createdAt: z.string(),
});
export const meetingPage = pageSchema(meeting);

const day = z.iso.date().or(instant);
export const meetingListQuery = z
  .object({
    ...pageQuery,
    initiativeId: id.optional(),
    engagementId: id.optional(),
    from: day.optional().describe('Meetings starting at or after this date (UTC) or instant.'),
    to: day
      .optional()
      .describe('Meetings starting before the end of this date (UTC), or before this instant.'),
    feature: z
      .string()
      .max(40)
      .regex(/^[a-z][a-z0-9-]{1,39}$/, 'Use a feature code such as step-free-access.')
      .optional()
      .describe('Only meetings offering this accessibility feature.'),
  })
  .refine((value) => !(value.initiativeId && value.engagementId), {
    path: ['engagementId'],
    message: 'Filter by initiativeId or engagementId, not both.',
  });

/** A day bound as the instant a key condition compares with: a date's start (`from`) or end (`to`). */
export const boundInstant = (value: string, end: boolean): string =>
  value.length === 10 ? `${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : new Date(value).toISOString();

export const calendarFeedQuery = z.object({
  initiativeId: id.optional(),
});

// ── Registrations (the meeting's seat claims) ────────────────────────────────

/** What a person may ask for to take part; each need is aggregated for coordinators, without names. */
export const accommodations = z
  .object({
    interpreterLanguages: z
      .array(localeTag)
      .min(1)
      .max(5)
      .optional()
      .describe('Spoken-language interpreting into these languages.'),
    signLanguage: z.boolean().optional().describe('A sign-language interpreter.'),
    childcare: z
      .object({ children: z.number().int().min(1).max(10) })
      .optional()
      .describe('Childcare during the meeting, for this many children.'),
    stepFreeAccess: z.boolean().optional(),
    other: longText({ max: 500 }).optional().describe('Any other need, in the person’s words.'),
  })
  .strict();
export type Accommodations = z.output<typeof accommodations>;

export const registrationInput = z.object({
  name: personName,
  email: z.string().trim().max(254).pipe(z.email().max(254)).describe('Identity is a keyed hash of it.'),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()./-]{3,29}$/, 'Use digits, spaces and + ( ) . / - only.')
    .optional(),
  consentToContact: z
    .boolean()
    .default(false)
    .describe('Whether the city may contact this person about other meetings.'),
  accommodations: accommodations.optional(),
});
export type RegistrationInput = z.output<typeof registrationInput>;

/**
 * One line of a sign-in sheet entered as a batch (`functions/batches/`): what a sheet at the door
 * asks, each field checked as the registration route checks it. Without an email the line is an
 * anonymous walk-in (or, when its name is a registrant's, left for review).
 */
export const attendanceRowInput = z.object({
  name: registrationInput.shape.name,
  email: registrationInput.shape.email.optional(),
  phone: registrationInput.shape.phone,
});
export type AttendanceRowInput = z.output<typeof attendanceRowInput>;

export const registrationStatuses = ['held', 'confirmed', 'waitlisted', 'cancelled', 'expired'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

export const registrationAnswer = z
  .union([
    checkYourEmail,
    z.object({
      registrationId: z.string(),
      meetingId: z.string(),
      status: z.enum(['confirmed', 'waitlisted']),
      position: z.number().int().positive().optional().describe('While waitlisted: 1 is next in line.'),
      cancelToken: z
        .string()
        .optional()
        .describe(
          'Proves the right to cancel (`X-Cancel-Token` header of `DELETE`). Given in this answer only.',
        ),
    }),
  ])
  .describe(
    '`email` meetings: `{status: "check-your-email"}` for every address alike (what differs is in the mail). `open` meetings: the registration, `confirmed` or `waitlisted`.',
  );

const cancelToken = z
  .string()
  .min(16)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'This link is not one we sent.');
export const cancelTokenHeader = z.object({
  'x-cancel-token': cancelToken
    .optional()
    .describe('The cancel token from the registration’s answer or mail. Coordinators cancel without one.'),
});

export const cancellation = z.object({
  status: z.literal('cancelled'),
  cancelledAt: z.string(),
  promoted: z.boolean().describe('Whether the freed seat went to the first person waiting.'),
});

export const accommodationSummary = z.object({
  meetingId: z.string(),
  registrations: z.number().int().nonnegative().describe('Confirmed and waitlisted registrations counted.'),
  interpreters: z
    .record(z.string(), z.number().int().nonnegative())
    .describe('Registrations asking for an interpreter, per language.'),
  signLanguage: z.number().int().nonnegative(),
  childcare: z.object({
    registrations: z.number().int().nonnegative(),
    children: z.number().int().nonnegative(),
  }),
  stepFreeAccess: z.number().int().nonnegative(),
  other: z.array(z.string()).max(100_000).describe('Other needs as written, without names, oldest first.'),
});

export const accommodationAnswerInput = z
  .object({
    met: z.boolean().describe('Whether the request will be met.'),
    message: longText({ max: 2000 }).optional().describe('Mailed to the registrant; required when not met.'),
  })
  .refine((value) => value.met || value.message !== undefined, {
    path: ['message'],
    message: 'Say why the request cannot be met, and what is offered instead.',
  });
export const accommodationAnswer = z.object({
  registrationId: z.string(),
  met: z.boolean(),
  mailed: z.boolean().describe('Whether a mail went to the registrant (not met, or met with a note).'),
  answeredAt: z.string(),
});

export const attendance = z.object({
  registrationId: z.string(),
  meetingId: z.string(),
  attendedAt: z.string(),
});
export const checkInInput = z.object({ at: instant.optional().describe('Defaults to now.') }).optional();

export const recordInput = z.object({
  minutes: localizedText(20_000, 'long'),
  outcomes: z.array(localizedText(1000, 'long')).max(50).default([]),
});

// ── Personal data ────────────────────────────────────────────────────────────

const registrantIdentity = ['participantHash', 'gsi3pk', 'gsi3sk'];

export const meetingsPersonalData = [
  personalData({
    entity: 'MeetingRegistration',
    fields: [
      'contact.name',
      'contact.email',
      'contact.phone',
      'contact.consentToContact',
      'accommodations.interpreterLanguages',
      'accommodations.signLanguage',
      'accommodations.childcare',
      'accommodations.stepFreeAccess',
      'accommodations.other',
      'accommodationAnswer.message',
    ],
    identity: registrantIdentity,
    // Accommodation requests can reveal health or disability: kept only as long as arranging and
    // holding the meeting needs, then the registration stays without them, for attendance counts.
    purpose:
      'To hold a seat at a public meeting for a person, mail them its confirmation, invite, reminder and cancel link, and arrange the accommodations they asked for (which may reveal health or disability). Kept 90 days after registering; then anonymised: the registration and its attendance stay, without contact or requests, for the meeting’s counts.',
    legalBasis: 'consent',
    retentionDays: 90,
    atExpiry: 'anonymise',
    readers: 'personalData',
  }),
  personalData({
    entity: 'MeetingWalkIn',
    fields: ['contact.name', 'contact.email', 'contact.phone'],
    identity: registrantIdentity,
    purpose:
      'To count a person who signed in at a public meeting without a registration (a sign-in sheet entered by staff), once. Kept 90 days after the meeting; then anonymised: the attendance stays, without contact, for the meeting’s counts. An anonymous walk-in holds nothing about the person.',
    legalBasis: 'publicTask',
    retentionDays: 90,
    atExpiry: 'anonymise',
    readers: 'personalData',
  }),
  personalData({
    entity: 'MeetingAttendee',
    fields: [],
    identity: ['sk', 'participantHash', 'gsi3pk', 'gsi3sk'],
    purpose:
      'To count one person’s attendance at a meeting once, whatever sheets name them, by the keyed hash of their address. Deleted when its retention ends.',
    legalBasis: 'publicTask',
    retentionDays: 90,
    atExpiry: 'delete',
    readers: 'personalData',
  }),
  personalData({
    entity: 'MeetingSeatHolder',
    fields: [],
    identity: ['sk', 'participantHash', 'gsi3pk', 'gsi3sk'],
    purpose:
      'To let one person hold one seat per meeting, by the keyed hash of their address. Deleted when its retention ends.',
    legalBasis: 'consent',
    retentionDays: 90,
    atExpiry: 'delete',
    readers: 'personalData',
  }),
];

export const meetingsDeclarationOf = (entity: string) => {
  const declaration = meetingsPersonalData.find((candidate) => candidate.entity === entity);
  if (!declaration) throw new Error(`No personal data declaration for ${entity}`);
  return declaration;
};
