import { renderDigest } from '../../functions/digest/render';
import type { SummaryAsShown } from '../../functions/impact/api';
import {
  accommodationAnswerMail,
  type RegistrationNotice,
  registrationCancelledMail,
  registrationConfirmedMail,
  registrationNoticeMail,
} from '../../functions/meetings/mail';
import type { StoredMeeting, StoredRegistration } from '../../functions/meetings/store';
import { confirmVoteMail, voteAlreadyCountedMail } from '../../functions/participation/vote-mail';
import { petitionAnswerMail } from '../../functions/petitions/answer-mail-message';
import { petitionMails } from '../../functions/petitions/mail';
import type { StoredPetition, StoredSignature } from '../../functions/petitions/schemas';
import { responseReminderMail } from '../../functions/petitions/staff-mail';
import {
  confirmPrivacyRequestMail,
  consentWithdrawnMail,
  erasedMail,
  exportReadyMail,
} from '../../functions/privacy/privacy-mail';
import { confirmResponseMail, responseAlreadyCountedMail } from '../../functions/surveys/response-mail';
import { type ClaimNotice, claimNoticeMail, seatMail } from '../../functions/volunteering/mail';
import type { StoredClaim } from '../../functions/volunteering/store';
import type { MessageLanguage } from '../../shared/http/field-messages';
import { confirmationMail } from '../../shared/mailer/confirmation-mail';

/**
 * Every template a resident (or a digest's subscriber) sees, with samples that reach each of its
 * branches. `test/browser/accessibility.test.ts` renders each in Chromium and runs axe-core on
 * it, and checks that these lists name every template there is: a route that renders a page (a
 * `page` binding) and an exported function that returns a mail (`MailMessage`, `RenderedDigest`).
 */

const token = 'tok_abcdefghijklmnopqrstuvwxyz012345';
const link = (path: string) => `https://api.city.example/v1${path}?token=${token}`;
const deadline = { expiresAt: '2027-03-06T10:15:00.000Z', timeZone: 'Europe/Brussels' };

/** One page: a route's output, and its input when the page reads it (a token, an id). */
export interface PageSample {
  name: string;
  output: unknown;
  params?: Record<string, string>;
  query?: Record<string, string>;
}

const checkYourEmail = {
  status: 'check-your-email',
  message: 'Check your email: we sent a link to confirm it. Nothing counts until it is confirmed.',
};
const confirmationViews = (what: string): PageSample[] => [
  {
    name: 'awaiting',
    output: { status: 'awaiting-confirmation', what, expiresAt: deadline.expiresAt },
    query: { token },
  },
  { name: 'already confirmed', output: { status: 'confirmed', what }, query: { token } },
  { name: 'expired', output: { status: 'expired', what }, query: { token } },
];
const confirmed = (what: string): PageSample[] => [
  { name: 'confirmed', output: { status: 'confirmed', what, confirmedAt: '2027-03-01T09:00:00.000Z' } },
];
const claimAnswers: PageSample[] = [
  { name: 'check your email', output: checkYourEmail },
  { name: 'confirmed', output: { status: 'confirmed', signupId: '01J0000000000000000000000A' } },
  { name: 'waitlisted', output: { status: 'waitlisted', position: 3 } },
];
const claimViews = (idParam: string): PageSample[] => {
  const when = {
    startsAt: '2027-03-06T09:00:00.000Z',
    endsAt: '2027-03-06T13:00:00.000Z',
    timeZone: 'Europe/Brussels',
  };
  const params = { [idParam]: '01J0000000000000000000000B' };
  return [
    { name: 'confirmed, cancellable', output: { status: 'confirmed', ...when }, params, query: { token } },
    { name: 'waitlisted', output: { status: 'waitlisted', position: 2, ...when }, params, query: { token } },
    { name: 'cancelled', output: { status: 'cancelled', ...when }, params },
  ];
};

const petitionUnsubscribed = {
  signatureId: '01J0000000000000000000000J',
  status: 'unsubscribed',
  unsubscribedAt: '2027-03-01T09:00:00.000Z',
};

/** By operation id: every route that renders a page, and the states its page shows. */
export const pageSamples: Record<string, PageSample[]> = {
  castVote: [
    { name: 'check your email', output: checkYourEmail },
    { name: 'counted', output: { status: 'counted', message: 'Thank you: your vote counts.' } },
  ],
  viewVoteConfirmation: confirmationViews('your support for an idea in “Riverside park”'),
  confirmVote: confirmed('your support for an idea in “Riverside park”'),
  submitSurveyResponse: [
    { name: 'check your email', output: checkYourEmail },
    { name: 'thank you', output: { responseId: '01J0000000000000000000000C' } },
  ],
  viewSurveyResponseConfirmation: confirmationViews('your response to the survey “Parks”'),
  confirmSurveyResponse: confirmed('your response to the survey “Parks”'),
  requestPrivacy: [{ name: 'check your email', output: checkYourEmail }],
  viewPrivacyRequestConfirmation: confirmationViews('your request for a copy of everything the city holds'),
  confirmPrivacyRequest: confirmed('your request for a copy of everything the city holds'),
  signUpForShift: claimAnswers,
  getSignup: claimViews('signupId'),
  viewSignupConfirmation: confirmationViews('your place on the shift “Tree planting”'),
  confirmSignup: confirmed('your place on the shift “Tree planting”'),
  enrolInTrainingSession: claimAnswers,
  getEnrolment: claimViews('enrolmentId'),
  viewEnrolmentConfirmation: confirmationViews('your place on the training session “First aid”'),
  confirmEnrolment: confirmed('your place on the training session “First aid”'),
  registerForMeeting: [
    { name: 'check your email', output: checkYourEmail },
    {
      name: 'confirmed',
      output: {
        registrationId: '01J0000000000000000000000G',
        meetingId: '01J0000000000000000000000H',
        status: 'confirmed',
      },
    },
    {
      name: 'waitlisted',
      output: {
        registrationId: '01J0000000000000000000000G',
        meetingId: '01J0000000000000000000000H',
        status: 'waitlisted',
        position: 3,
      },
    },
  ],
  getRegistration: (['held', 'confirmed', 'waitlisted', 'cancelled', 'expired'] as const).map((status) => ({
    name: status === 'cancelled' || status === 'expired' ? status : `${status}, cancellable`,
    output: {
      registrationId: '01J0000000000000000000000G',
      meetingId: '01J0000000000000000000000H',
      status,
      ...(status === 'waitlisted' ? { position: 2 } : {}),
      startsAt: '2027-01-14T17:00:00.000Z',
      endsAt: '2027-01-14T19:00:00.000Z',
      timeZone: 'Europe/Madrid',
    },
    params: { registrationId: '01J0000000000000000000000G' },
    query: { token },
  })),
  viewRegistrationConfirmation: confirmationViews('your place at the public meeting “Budget 2027”'),
  confirmRegistration: confirmed('your place at the public meeting “Budget 2027”'),
  unsubscribeFromDigestPage: [
    { name: 'subscribed', output: { status: 'subscribed', frequency: 'monthly' }, query: { token } },
    { name: 'unsubscribed', output: { status: 'unsubscribed', frequency: 'monthly' }, query: { token } },
  ],
  viewSignatureUnsubscribe: (['subscribed', 'unsubscribed'] as const).map((status) => ({
    name: status,
    output: { signatureId: '01J0000000000000000000000J', status, title: 'Keep the library open on Sundays' },
    params: { signatureId: '01J0000000000000000000000J' },
    query: { token },
  })),
  unsubscribeSignature: [{ name: 'unsubscribed', output: petitionUnsubscribed, query: { token } }],
  draftPetition: [{ name: 'check your email', output: checkYourEmail }],
  signPetition: [{ name: 'check your email', output: checkYourEmail }],
  viewSignatureConfirmation: [
    ...confirmationViews('your signature on the petition “Keep the library open on Sundays”'),
    ...confirmationViews('your petition “Keep the library open on Sundays”').map((sample) => ({
      ...sample,
      name: `${sample.name}, the creator's`,
    })),
  ],
  confirmSignature: confirmed('your signature on the petition “Keep the library open on Sundays”'),
  unsubscribeSignatureByForm: [{ name: 'unsubscribed', output: petitionUnsubscribed }],
};

const claim = {
  kind: 'shift',
  claimId: '01J0000000000000000000000D',
  title: { en: 'Tree planting', es: 'Plantación de árboles' },
  startsAt: '2027-03-06T09:00:00.000Z',
  endsAt: '2027-03-06T13:00:00.000Z',
  timeZone: 'Europe/Brussels',
  location: { name: 'Riverside park', address: '1 River Road' },
  contact: { name: 'Ana', email: 'ana@example.org' },
} as unknown as StoredClaim;

const figures = {
  uniqueParticipants: 120,
  newParticipants: 40,
  contributions: 35,
  votes: 310,
  surveyResponses: 88,
  volunteerSignups: 25,
  verifiedVolunteerHours: 96.5,
  trainingCompletions: 7,
  partnershipsActive: 4,
  partnerContributionValue: 1500,
  feedbackCount: null,
};
const changes = Object.fromEntries(
  Object.keys(figures).map((metric, index) => [
    metric,
    [
      { previous: 100, absolute: 20, relative: 0.2 },
      { previous: 50, absolute: -10, relative: -0.2 },
      { previous: 10, absolute: 0, relative: 0 },
      { previous: null, absolute: null, relative: null },
    ][index % 4],
  ]),
);
const summary = (initiativeId?: string) =>
  ({
    period: '2027-02',
    previousPeriod: '2027-01',
    scope: initiativeId ? 'initiative' : 'city',
    ...(initiativeId ? { initiativeId } : {}),
    timeZone: 'Europe/Brussels',
    range: { start: '2027-02-01T00:00:00.000Z', end: '2027-03-01T00:00:00.000Z' },
    figures,
    changes,
    representativeness: {
      neighbourhood: { underRepresented: [{ group: 'North', ratio: 0.4 }] },
      ageBand: { underRepresented: [] },
    },
    indicators: [{ name: 'Trees planted', status: 'off-track', progress: 0.3 }],
    compiledAt: '2027-03-01T03:00:00.000Z',
    suppression: { minimumCellSize: 5, suppressedCells: 2 },
  }) as unknown as SummaryAsShown;
const digest = (language: string) =>
  renderDigest({
    language,
    period: '2027-02',
    city: summary(),
    initiatives: [{ title: 'Riverside park renewal', summary: summary('01J0000000000000000000000E') }],
    attention: [
      { partnershipId: '01J0000000000000000000000F', name: 'Tool library', reasons: ['renewal-due'] },
    ],
    milestones: [{ initiativeId: '01J0000000000000000000000E', indicator: 'Benches installed' }],
    links: {
      summary: 'https://city.example/impact/2027-02',
      unsubscribe: link('/digest-subscriptions/01J/unsubscribe'),
    },
  });

const notices: ClaimNotice[] = [
  { notice: 'hold', until: 1_804_000_000, link: link('/signups/01J/confirmation') },
  { notice: 'promoted-hold', until: 1_804_000_000, link: link('/signups/01J/confirmation') },
  { notice: 'already-held', until: 1_804_000_000, link: link('/signups/01J/confirmation') },
  { notice: 'waitlisted', position: 4 },
  { notice: 'already-waitlisted', position: 4 },
  { notice: 'already-confirmed', link: link('/signups/01J') },
  { notice: 'already-signed-up' },
  { notice: 'overlap', other: { ...claim, title: { en: 'Litter pick' } } },
];

const meeting = {
  kind: 'meeting',
  activityId: '01J0000000000000000000000H',
  title: { en: 'Budget 2027', es: 'Presupuesto 2027' },
  startsAt: '2027-01-14T17:00:00.000Z',
  endsAt: '2027-01-14T19:00:00.000Z',
  timeZone: 'Europe/Madrid',
  format: 'hybrid',
  place: { address: 'Library hall, 2 Main Street', point: { lat: 40.4, lon: -3.7 } },
  link: 'https://meet.city.example/budget',
  accessibility: ['step-free-access', 'hearing-loop'],
} as unknown as StoredMeeting;
const registration = {
  kind: 'meeting',
  claimId: '01J0000000000000000000000G',
  activityId: meeting.activityId,
  title: meeting.title,
  startsAt: meeting.startsAt,
  endsAt: meeting.endsAt,
  timeZone: meeting.timeZone,
  contact: { name: 'Ana', email: 'ana@example.org', consentToContact: false },
} as unknown as StoredRegistration;
const registrationNotices: RegistrationNotice[] = [
  { notice: 'hold', until: 1_800_000_000, link: link('/registrations/01J/confirmation') },
  { notice: 'already-held', until: 1_800_000_000, link: link('/registrations/01J/confirmation') },
  { notice: 'waitlisted', position: 4 },
  { notice: 'already-waitlisted', position: 4 },
  { notice: 'already-confirmed' },
  { notice: 'already-registered' },
];

const petition = {
  petitionId: '01J0000000000000000000000K',
  title: 'Keep the library open on Sundays',
  action: 'Open the Riverside library on Sundays from 10:00 to 16:00.',
  text: 'Families and students need a quiet place at weekends.',
  petitionType: 'city',
  language: 'en',
  status: 'gathering-sponsors',
  sponsorsNeeded: 5,
  createdAt: '2027-03-01T09:00:00.000Z',
  reached: {},
  responseDueAt: '2027-06-01T09:00:00.000Z',
} as StoredPetition;
const signer = {
  name: 'Ana',
  email: 'ana@example.org',
  neighbourhood: 'Riverside',
  consentToHearAboutResponse: true,
};
const signature = (role: StoredSignature['role']) =>
  ({
    signatureId: '01J0000000000000000000000J',
    petitionId: petition.petitionId,
    signerKey: 'key',
    role,
    status: 'pending',
    channel: 'web',
    neighbourhood: 'Riverside',
    name: signer.name,
    email: signer.email,
    consentToHearAboutResponse: true,
    lapsesAt: 1_804_000_000,
    requestedAt: '2027-03-01T09:00:00.000Z',
  }) as StoredSignature;
const petitionMailsIn = (language: MessageLanguage) =>
  petitionMails({ language: () => language, timeZone: () => deadline.timeZone });

/** One mail's HTML part, by the template that made it. */
export interface MailSample {
  name: string;
  html: string;
}

/** The languages Civic ships its texts in: a mail's `lang` and words change with each. */
export const mailLanguages: MessageLanguage[] = ['en', 'es'];

const voteContext = (language: MessageLanguage) => ({
  to: 'ana@example.org',
  kind: 'idea' as const,
  engagementTitle: { en: 'Riverside park', es: 'Parque ribereño' },
  language,
});
const responseContext = (language: MessageLanguage) => ({
  to: 'ana@example.org',
  surveyTitle: { en: 'Parks', es: 'Parques' },
  language,
});

/** By `path#function`: every exported function that returns a mail, and the mails it writes in a language. */
export const mailSamples: Record<string, (language: MessageLanguage) => MailSample[]> = {
  'shared/mailer/confirmation-mail.ts#confirmationMail': (language) => [
    {
      name: 'with a link',
      html: confirmationMail({
        to: 'ana@example.org',
        language,
        subject: 'Please confirm',
        name: 'Ana',
        paragraphs: ['You asked for something.'],
        action: { label: 'Confirm', url: link('/votes/01J/confirmation'), until: 'Saturday 6 March 2027' },
      }).html,
    },
  ],
  'functions/participation/vote-mail.ts#confirmVoteMail': (language) => [
    {
      name: 'confirm',
      html: confirmVoteMail(voteContext(language), { url: link('/votes/01J/confirmation'), ...deadline })
        .html,
    },
  ],
  'functions/participation/vote-mail.ts#voteAlreadyCountedMail': (language) => [
    { name: 'already counted', html: voteAlreadyCountedMail(voteContext(language)).html },
  ],
  'functions/surveys/response-mail.ts#confirmResponseMail': (language) => [
    {
      name: 'confirm',
      html: confirmResponseMail(responseContext(language), {
        url: link('/survey-responses/01J/confirmation'),
        ...deadline,
      }).html,
    },
  ],
  'functions/surveys/response-mail.ts#responseAlreadyCountedMail': (language) => [
    { name: 'already counted', html: responseAlreadyCountedMail(responseContext(language)).html },
  ],
  'functions/privacy/privacy-mail.ts#confirmPrivacyRequestMail': (language) =>
    ([{ type: 'export' }, { type: 'erase' }, { type: 'withdraw-consent', purpose: 'contact' }] as const).map(
      (request) => ({
        name: request.type,
        html: confirmPrivacyRequestMail(
          'ana@example.org',
          request,
          { url: link('/privacy/requests/01J/confirmation'), ...deadline },
          language,
        ).html,
      }),
    ),
  'functions/privacy/privacy-mail.ts#exportReadyMail': (language) => [
    {
      name: 'export ready',
      html: exportReadyMail(
        'ana@example.org',
        {
          document: 'https://files.city.example/export.json',
          csv: [{ entity: 'Vote', url: 'https://files.city.example/votes.csv' }],
          ...deadline,
        },
        language,
      ).html,
    },
  ],
  'functions/privacy/privacy-mail.ts#erasedMail': (language) => [
    { name: 'erased', html: erasedMail('ana@example.org', language).html },
  ],
  'functions/privacy/privacy-mail.ts#consentWithdrawnMail': (language) => [
    { name: 'withdrawn', html: consentWithdrawnMail('ana@example.org', 'demographics', language).html },
  ],
  'functions/volunteering/mail.ts#seatMail': (language) =>
    (['confirmed', 'promoted', 'reminder'] as const).map((purpose) => ({
      name: purpose,
      html: seatMail(claim, purpose, { language, cancelLink: link('/signups/01J') }).html,
    })),
  'functions/volunteering/mail.ts#claimNoticeMail': (language) =>
    notices.map((notice) => ({
      name: notice.notice,
      html: claimNoticeMail('ana@example.org', 'Ana', claim, notice, language).html,
    })),
  'functions/meetings/mail.ts#registrationNoticeMail': (language) =>
    registrationNotices.map((notice) => ({
      name: notice.notice,
      html: registrationNoticeMail('ana@example.org', 'Ana', meeting, notice, language).html,
    })),
  'functions/meetings/mail.ts#registrationConfirmedMail': (language) =>
    (['confirmed', 'reminder'] as const).flatMap((purpose) =>
      [link('/registrations/01J'), undefined].map((cancelLink) => ({
        name: `${purpose}${cancelLink ? ', with a cancel link' : ''}`,
        html: registrationConfirmedMail(registration, meeting, { language, cancelLink, purpose }).html,
      })),
    ),
  'functions/meetings/mail.ts#accommodationAnswerMail': (language) =>
    [{ met: true, message: 'A sign-language interpreter will be there.' }, { met: false }].map((answer) => ({
      name: answer.met ? 'met, with a note' : 'not met',
      html: accommodationAnswerMail(registration, answer, language).html,
    })),
  'functions/meetings/mail.ts#registrationCancelledMail': (language) =>
    (['registrant', 'staff'] as const).map((by) => ({
      name: `cancelled by the ${by}`,
      html: registrationCancelledMail(registration, by, language).html,
    })),
  'functions/digest/render.ts#renderDigest': (language) => [{ name: 'digest', html: digest(language).html }],
  'functions/petitions/answer-mail-message.ts#petitionAnswerMail': (language) =>
    [link('/library-sundays'), undefined].map((readMoreLink) => ({
      name: readMoreLink ? 'with a link to the full answer' : 'answer only',
      html: petitionAnswerMail({
        to: 'ana@example.org',
        name: 'Ana',
        language,
        title: 'Keep the library open on Sundays',
        outcome: 'partly-accepted',
        text: 'The library will open on Sundays from March.\n\nIt is a trial for six months.',
        readMoreLink,
        petitionLink: link('/petitions/01J'),
        unsubscribeLink: link('/petition-signatures/01J/unsubscribe'),
      }).html,
    })),
  'functions/petitions/mail.ts#petitionMails.confirmCreator': (language) => [
    {
      name: 'confirm the petition',
      html: petitionMailsIn(language).confirmCreator(signer, petition, signature('creator'), token).html,
    },
  ],
  'functions/petitions/mail.ts#petitionMails.confirmSignature': (language) => [
    {
      name: 'confirm a signature',
      html: petitionMailsIn(language).confirmSignature(signer, petition, signature('signer'), token).html,
    },
  ],
  'functions/petitions/mail.ts#petitionMails.alreadySigned': (language) => [
    { name: 'already signed', html: petitionMailsIn(language).alreadySigned(signer, petition).html },
  ],
  'functions/petitions/mail.ts#petitionMails.gatherSponsors': (language) =>
    [5, 0].map((sponsorsNeeded) => ({
      name: sponsorsNeeded > 0 ? 'gather sponsors' : 'awaiting moderation',
      html: petitionMailsIn(language).gatherSponsors(signature('creator'), { ...petition, sponsorsNeeded })
        .html,
    })),
  // Staff mail: English only, whatever the residents' language (as the staff API is).
  'functions/petitions/staff-mail.ts#responseReminderMail': (language) =>
    language === 'en'
      ? [
          {
            name: 'answer due',
            html: responseReminderMail('petitions@city.example', petition, deadline.timeZone).html,
          },
        ]
      : [],
};
