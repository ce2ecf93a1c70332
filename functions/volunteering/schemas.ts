import { z } from 'zod';
import { assuranceLevel, checkYourEmail } from '../../shared/domain/confirmation';
import { idSchema } from '../../shared/domain/ids';
import { localizedText } from '../../shared/domain/localized-text';
import { pageQuery, pageSchema } from '../../shared/domain/page';
import { personName } from '../../shared/domain/participant';
import { longText, oneLineText } from '../../shared/domain/text';
import { isTimeZone } from '../../shared/domain/time-zone';
import { personalData } from '../../shared/privacy/personal-data';
import { writtenOffsetMinutes, zoneOffsetMinutes } from './time';

const id = idSchema;
const instant = z.iso
  .datetime({ offset: true })
  .max(40) // nanoseconds and an offset fit
  .describe('ISO 8601 date-time with offset.');
const text = z.record(z.string(), z.string());

export const timeZone = z
  .string()
  .max(64)
  // A name's shape first (`Area/Location`), so it is known for a code rather than free text.
  .regex(
    /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/,
    'Use an IANA time zone name such as Europe/Brussels.',
  )
  .refine(isTimeZone, 'Use an IANA time zone name such as Europe/Brussels.')
  .describe('IANA time zone the activity takes place in; shown in mail and calendar invites.');

/**
 * A skill as residents and staff type it (`First aid`), kept as a key-safe slug (`first-aid`):
 * case and spacing never make two skills of one.
 */
export const skill = z
  .string()
  .max(60)
  .transform((value) => value.trim().toLowerCase().replace(/\s+/g, '-'))
  .pipe(
    z
      .string()
      .min(1)
      .max(50)
      .regex(
        /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u,
        'Use letters, digits, spaces or hyphens, e.g. "first aid".',
      ),
  );

/** Skills one list names, sent and answered (answers are parsed, too). */
const maxSkills = 20;
const skillList = z
  .array(skill)
  .max(maxSkills)
  .transform((skills) => [...new Set(skills)]);

const place = z
  .object({
    name: oneLineText({ max: 200 }),
    address: oneLineText({ max: 300 }).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
  })
  .refine((value) => (value.lat === undefined) === (value.lon === undefined), {
    path: ['lon'],
    message: 'Give both lat and lon, or neither.',
  })
  .describe('Where it happens.');

const placeOutput = z.object({
  name: z.string(),
  address: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
});
export type Place = z.infer<typeof placeOutput>;

const capacity = z.number().int().min(1).max(10_000).describe('Seats; sign-ups beyond it wait in line.');

/**
 * What a sign-up (enrolment) must prove before its seat counts. `email` (the default): the answer
 * is 202 "check your email" for every address alike, the seat is held for `SEAT_HOLD_MINUTES`
 * until the emailed link is confirmed, and an unconfirmed hold passes the seat on. `open`: the
 * seat counts at once and the sign-up is marked unconfirmed (`assurance: open`).
 */
const activityAssurance = assuranceLevel.default('email');

/**
 * Start, end and zone of a shift or session. The written offsets must be the zone's own at those
 * instants (`+01:00` in Brussels in winter, `+02:00` in summer), so a typo cannot move it by an hour.
 */
function checkSchedule(
  value: { startsAt: string; endsAt: string; timeZone: string },
  context: z.RefinementCtx,
): void {
  const starts = Date.parse(value.startsAt);
  const ends = Date.parse(value.endsAt);
  if (ends <= starts)
    context.addIssue({ code: 'custom', path: ['endsAt'], message: 'Must be after startsAt.' });
  else if (ends - starts > 7 * 24 * 3_600_000)
    context.addIssue({ code: 'custom', path: ['endsAt'], message: 'Must be within seven days of startsAt.' });
  if (!isTimeZone(value.timeZone)) return;
  for (const field of ['startsAt', 'endsAt'] as const) {
    const written = writtenOffsetMinutes(value[field]);
    if (written !== 0 && written !== zoneOffsetMinutes(value[field], value.timeZone))
      context.addIssue({
        code: 'custom',
        path: [field],
        message: `The offset is not ${value.timeZone}'s at that time; write the time in UTC (Z) or with the zone's offset.`,
      });
  }
}

// ── Opportunities ────────────────────────────────────────────────────────────

export const opportunityInput = z.object({
  initiativeId: id,
  title: localizedText(200),
  description: localizedText(8000, 'long').optional(),
  skills: skillList
    .default([])
    .describe('Skills wanted; `GET /opportunities?skills=` ranks by overlap with them.'),
  location: place.optional(),
  minimumAge: z.number().int().min(1).max(120).optional(),
  accessibilityNotes: longText({ max: 2000 }).optional(),
});
export type OpportunityInput = z.output<typeof opportunityInput>;

export const opportunity = z.object({
  opportunityId: z.string(),
  initiativeId: z.string(),
  title: text,
  description: text.optional(),
  skills: z.array(z.string()).max(maxSkills),
  location: placeOutput.optional(),
  minimumAge: z.number().int().optional(),
  accessibilityNotes: z.string().optional(),
  createdAt: z.string(),
});
export type Opportunity = z.infer<typeof opportunity>;

export const rankedOpportunity = opportunity.extend({
  matchedSkills: z
    .array(z.string())
    .max(maxSkills)
    .optional()
    .describe('With `?skills=`: the asked skills this opportunity wants; more first.'),
});

export const opportunityParams = z.object({ opportunityId: id });
export const opportunityListQuery = z.object({
  ...pageQuery,
  initiativeId: id.optional(),
  skills: oneLineText({ min: 0, max: 1200 })
    .transform((value) => value.split(',').filter((s) => s.trim() !== ''))
    .pipe(z.array(skill).min(1).max(maxSkills))
    .optional()
    .describe('Comma-separated skills: only opportunities wanting at least one, most overlap first.'),
});
export const opportunityPage = pageSchema(rankedOpportunity);

// ── Shifts and training sessions (seated activities) ─────────────────────────

export const shiftInput = z
  .object({
    startsAt: instant,
    endsAt: instant,
    timeZone,
    capacity,
    location: place.optional().describe('Defaults to the opportunity’s location.'),
    assurance: activityAssurance,
  })
  .superRefine(checkSchedule);
export type ShiftInput = z.output<typeof shiftInput>;

const seatView = {
  assurance: assuranceLevel,
  capacity: z.number().int(),
  seatsLeft: z
    .number()
    .int()
    .nonnegative()
    .describe('Seats neither confirmed nor held for someone confirming by email.'),
  waiting: z.number().int().nonnegative().describe('People on the waitlist.'),
};

export const shift = z.object({
  shiftId: z.string(),
  opportunityId: z.string(),
  initiativeId: z.string(),
  title: text,
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  location: placeOutput.optional(),
  ...seatView,
  createdAt: z.string(),
});
export const shiftParams = z.object({ shiftId: id });
export const shiftListQuery = z.object({ ...pageQuery });
export const shiftPage = pageSchema(shift);

export const capacityInput = z.object({
  capacity: z.number().int().min(0).max(10_000).describe('New capacity; below the confirmed count is 409.'),
});

export const trainingSessionInput = z
  .object({
    initiativeId: id,
    title: localizedText(200),
    description: localizedText(8000, 'long').optional(),
    startsAt: instant,
    endsAt: instant,
    timeZone,
    capacity,
    location: place.optional(),
    skillsGained: skillList
      .pipe(z.array(z.string()).min(1))
      .describe('Added to each participant’s profile on completion.'),
    assurance: activityAssurance,
  })
  .superRefine(checkSchedule);
export type TrainingSessionInput = z.output<typeof trainingSessionInput>;

export const trainingSession = z.object({
  sessionId: z.string(),
  initiativeId: z.string(),
  title: text,
  description: text.optional(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  location: placeOutput.optional(),
  skillsGained: z.array(z.string()).max(maxSkills),
  ...seatView,
  completed: z.number().int().nonnegative().describe('Participants who completed it.'),
  createdAt: z.string(),
});
export const trainingSessionParams = z.object({ sessionId: id });
export const trainingSessionListQuery = z.object({ ...pageQuery });
export const trainingSessionPage = pageSchema(trainingSession);

// ── Sign-ups and enrolments (seat claims) ────────────────────────────────────

/** What a resident gives to take a seat. Contact details stay on the sign-up and the profile. */
export const claimantInput = z.object({
  name: personName,
  email: z.string().trim().max(254).pipe(z.email().max(254)).describe('Identity is a keyed hash of it.'),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()./-]{3,29}$/, 'Use digits, spaces and + ( ) . / - only.')
    .optional(),
  skills: skillList.default([]),
  consentToContact: z
    .boolean()
    .default(false)
    .describe('Whether the city may contact this volunteer about other opportunities.'),
  confirmsMinimumAge: z
    .boolean()
    .optional()
    .describe('Required (true) when the opportunity has a minimum age.'),
});
export type ClaimantInput = z.output<typeof claimantInput>;

/**
 * `held`: a seat kept for the claimant until `holdExpiresAt`, awaiting the emailed confirmation;
 * `expired`: a hold that was not confirmed in time (the seat went on).
 */
export const claimStatuses = [
  'held',
  'confirmed',
  'waitlisted',
  'cancelled',
  'expired',
  'no-show',
  'completed',
] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

const seatAnswer = {
  status: z.enum(['confirmed', 'waitlisted']),
  position: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('While waitlisted: 1 is next in line. Counts only people still waiting.'),
  cancelToken: z
    .string()
    .optional()
    .describe(
      'Proves the right to cancel (in the `X-Cancel-Token` header of `DELETE`, or the body of `POST …/cancel`); the confirmation mail carries a link of its own. Only its hash is stored: given in this answer only, it is absent when the answer is replayed for a repeated `Idempotency-Key`.',
    ),
  cancelUrl: z
    .string()
    .optional()
    .describe('The sign-up’s own page, with this token: opening it changes nothing; its button cancels.'),
};

/**
 * A sign-up's answer: on an `email` activity (the default) always `check-your-email`, whatever
 * the address's history; on an `open` one where the volunteer stands at once.
 */
const claimAnswer = <S extends z.ZodObject>(seated: S) =>
  z
    .union([checkYourEmail, seated])
    .describe(
      '`email` activities: `{status: "check-your-email"}` for every address alike (what differs is in the mail). `open` activities: the sign-up, `confirmed` or `waitlisted`.',
    );

export const signupAnswer = claimAnswer(
  z.object({ signupId: z.string(), shiftId: z.string(), ...seatAnswer }),
);
export const enrolmentAnswer = claimAnswer(
  z.object({ enrolmentId: z.string(), sessionId: z.string(), ...seatAnswer }),
);

const claimView = {
  status: z.enum(claimStatuses),
  position: z.number().int().positive().optional(),
  holdExpiresAt: z.string().optional().describe('While `held`: until when the emailed link can confirm it.'),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
};
export const signupView = z.object({ signupId: z.string(), shiftId: z.string(), ...claimView });
export const enrolmentView = z.object({ enrolmentId: z.string(), sessionId: z.string(), ...claimView });

export const signupParams = z.object({ signupId: id });
export const enrolmentParams = z.object({ enrolmentId: id });
// Tokens are base64url: a code, never text (the regex also tells the text-field tests so).
const cancelToken = z
  .string()
  .min(16)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'This link is not one we sent.');
/** The page a mailed cancel link opens: the link can carry the token only in its URL. */
export const cancelTokenQuery = z.object({
  token: cancelToken
    .optional()
    .describe(
      'The cancel token from the mail’s link; programs may send the `X-Cancel-Token` header instead.',
    ),
});
/** Programs (a city page's script) send the token in a header, never in the URL of a request that acts. */
export const cancelTokenHeader = z.object({
  'x-cancel-token': cancelToken
    .optional()
    .describe('The cancel token from the sign-up’s answer or its mail. Missing or wrong, the answer is 404.'),
});
/** Cancelling from that page: the token in the form's body, out of every URL. */
export const cancelTokenBody = z.object({
  token: cancelToken.describe('The cancel token (the page’s form carries it in a hidden field).'),
});

export const cancellation = z.object({
  status: z.literal('cancelled'),
  cancelledAt: z.string(),
  promoted: z.boolean().describe('Whether the freed seat went to the first person waiting.'),
});

export const rosterQuery = z.object({ ...pageQuery, status: z.enum(claimStatuses).optional() });
export const rosterEntry = z.object({
  signupId: z.string(),
  status: z.enum(claimStatuses),
  assurance: assuranceLevel.describe(
    '`open`: counted without proof of the address (unconfirmed); `email`: the address was confirmed, or (while `held`) is awaited.',
  ),
  holdExpiresAt: z.string().optional().describe('While `held`: when the seat passes on unless confirmed.'),
  confirmedAt: z.string().optional().describe('When the emailed link was confirmed.'),
  volunteerId: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().optional(),
  skills: z.array(z.string()).max(maxSkills),
  ticket: z.number().int().optional().describe('Arrival order on the waitlist (1 = first to wait).'),
  checkedInAt: z.string().optional(),
  checkedOutAt: z.string().optional(),
  createdAt: z.string(),
});
export const rosterPage = pageSchema(rosterEntry).extend({
  seats: z
    .object({
      capacity: z.number().int(),
      confirmed: z.number().int().nonnegative(),
      held: z
        .number()
        .int()
        .nonnegative()
        .describe('Seats held for sign-ups awaiting their emailed confirmation.'),
      waiting: z.number().int().nonnegative(),
    })
    .describe('The shift’s seats now: confirmed and held apart.'),
});

export const attendanceInput = z.object({
  at: instant.optional().describe('When it happened, with the offset where it was written; default now.'),
});
export const attendance = z.object({
  signupId: z.string(),
  status: z.enum(claimStatuses),
  checkedInAt: z.string().optional(),
  checkedOutAt: z.string().optional(),
  minutes: z.number().int().optional().describe('Checked-out minus checked-in, as instants.'),
  noShowAt: z.string().optional(),
});

export const completion = z.object({
  enrolmentId: z.string(),
  sessionId: z.string(),
  status: z.literal('completed'),
  completedAt: z.string(),
  skills: z.array(z.string()).max(maxSkills).describe('Added to the participant’s profile.'),
});

// ── Volunteers and hours ─────────────────────────────────────────────────────

export const volunteerParams = z.object({ volunteerId: id });
export const hoursEntryParams = z.object({ volunteerId: id, entryId: id });

export const hoursInput = z
  .object({
    initiativeId: id,
    opportunityId: id.optional(),
    startedAt: instant,
    endedAt: instant,
    note: longText({ max: 1000 }).optional(),
  })
  .superRefine((value, context) => {
    const minutes = (Date.parse(value.endedAt) - Date.parse(value.startedAt)) / 60_000;
    if (minutes < 1)
      context.addIssue({ code: 'custom', path: ['endedAt'], message: 'Must be after startedAt.' });
    if (minutes > 24 * 60)
      context.addIssue({ code: 'custom', path: ['endedAt'], message: 'Enter at most 24 hours per entry.' });
  });
export type HoursInput = z.output<typeof hoursInput>;

export const hoursEntry = z.object({
  entryId: z.string(),
  volunteerId: z.string(),
  initiativeId: z.string(),
  opportunityId: z.string().optional(),
  signupId: z.string().optional(),
  source: z.enum(['attendance', 'manual']),
  startedAt: z.string(),
  endedAt: z.string(),
  minutes: z.number().int(),
  note: z.string().optional(),
  status: z.enum(['unverified', 'verified']),
  enteredBy: z.string().optional(),
  enteredAt: z.string(),
  verifiedBy: z.string().optional(),
  verifiedAt: z.string().optional(),
});
export type HoursEntry = z.infer<typeof hoursEntry>;

const profileClaim = {
  title: text,
  initiativeId: z.string(),
  status: z.enum(claimStatuses),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  createdAt: z.string(),
};

export const volunteerProfile = z.object({
  volunteerId: z.string(),
  contact: z.object({
    name: z.string(),
    email: z.string(),
    phone: z.string().optional(),
    consentToContact: z.boolean(),
  }),
  skills: z.array(z.string()).describe('Declared at sign-up or gained in training.'),
  trainedSkills: z.array(z.string()).describe('Gained by completing training sessions.'),
  shifts: z.array(
    z.object({
      signupId: z.string(),
      shiftId: z.string(),
      opportunityId: z.string(),
      ...profileClaim,
      checkedInAt: z.string().optional(),
      checkedOutAt: z.string().optional(),
      minutes: z.number().int().optional(),
    }),
  ),
  trainings: z.array(
    z.object({
      enrolmentId: z.string(),
      sessionId: z.string(),
      ...profileClaim,
      completedAt: z.string().optional(),
    }),
  ),
  hours: z.array(hoursEntry),
  verifiedMinutes: z.number().int().nonnegative(),
  verifiedHours: z.number().nonnegative().describe('Verified minutes ÷ 60, to two decimals.'),
  firstActivityAt: z.string().optional(),
  lastActivityAt: z.string().optional(),
});

// ── Personal data (the record of processing: docs/privacy.md) ──────────────────

const volunteerContact = ['contact.name', 'contact.email', 'contact.phone'];
/**
 * The keyed identity on every volunteering item about a person: the hash, the person index (gsi3)
 * and the volunteer ID derived from the hash (`identity.ts`), which an erasure or the end of
 * retention replaces by an anonymous one.
 */
const volunteerIdentity = ['participantHash', 'volunteerId', 'gsi3pk', 'gsi3sk'];

export const volunteeringPersonalData = [
  personalData({
    entity: 'Volunteer',
    fields: [...volunteerContact, 'skills', 'trainedSkills'],
    identity: volunteerIdentity,
    purpose:
      'To know who volunteers, reach them about their shifts and trainings, and record their hours and skills. Kept two years after their last sign-up; then only the verified minutes stay, under an anonymous volunteer ID.',
    legalBasis: 'consent',
    retentionDays: 730,
    atExpiry: 'anonymise',
    readers: 'personalData',
  }),
  personalData({
    entity: 'Signup',
    fields: [...volunteerContact, 'skills'],
    identity: volunteerIdentity,
    purpose:
      'To hold a seat on a shift for a person, mail them its confirmation, reminder and cancel link. Then anonymised: the sign-up stays, without contact, for the shift’s record.',
    legalBasis: 'consent',
    retentionDays: 730,
    atExpiry: 'anonymise',
    readers: 'personalData',
  }),
  personalData({
    entity: 'Enrolment',
    fields: [...volunteerContact, 'skills'],
    identity: volunteerIdentity,
    purpose:
      'To hold a seat in a training session for a person, mail them its confirmation and cancel link. Then anonymised: the enrolment stays, without contact, for the session’s record.',
    legalBasis: 'consent',
    retentionDays: 730,
    atExpiry: 'anonymise',
    readers: 'personalData',
  }),
  personalData({
    entity: 'SeatHolder',
    fields: [],
    identity: ['sk', 'participantHash', 'gsi3pk', 'gsi3sk'],
    // Deleted, not anonymised: the marker only stops a second claim on one activity, long over
    // when its retention ends, and no figure is counted from markers (the activity's counters are).
    purpose:
      'To let one person hold one seat per shift or session, by the keyed hash of their address. Deleted when its retention ends (the activity is long over then).',
    legalBasis: 'consent',
    retentionDays: 730,
    atExpiry: 'delete',
    readers: 'personalData',
  }),
  personalData({
    entity: 'HoursEntry',
    fields: ['note'],
    identity: volunteerIdentity,
    purpose:
      'To record the hours a person volunteered, from attendance or entered by staff. Then anonymised: the minutes stay in the totals under an anonymous volunteer ID, the note goes.',
    legalBasis: 'consent',
    retentionDays: 730,
    atExpiry: 'anonymise',
    readers: 'personalData',
  }),
];

/** The declaration of each entity, by its `type`, for the items written with its retention. */
export const volunteeringDeclarationOf = (entity: string) => {
  const declaration = volunteeringPersonalData.find((candidate) => candidate.entity === entity);
  if (!declaration) throw new Error(`No personal data declaration for ${entity}`);
  return declaration;
};
