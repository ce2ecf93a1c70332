import type { z } from 'zod';
import type { EventDefinition } from '../../events/define-event';
import { FeedbackGiven } from '../../events/evaluation';
import { MeetingAttended, MeetingRegistered, MeetingWaitlisted } from '../../events/meetings';
import { ContributionSubmitted, VoteCast } from '../../events/participation';
import {
  PartnerContributionRecorded,
  PartnershipFormed,
  PartnershipStatusChanged,
} from '../../events/partnerships';
import {
  PetitionAnswered,
  PetitionPublished,
  PetitionResponseOverdue,
  PetitionThresholdReached,
  SignatureConfirmed,
} from '../../events/petitions';
import { SurveyResponseSubmitted } from '../../events/surveys';
import {
  TrainingCompleted,
  TrainingEnrolled,
  TrainingWaitlisted,
  VolunteerHoursVerified,
  VolunteerNoShow,
  VolunteerSignedUp,
  VolunteerWaitlisted,
} from '../../events/volunteering';
import type { Channel } from '../../shared/domain/channel';

/**
 * What each counted domain event puts in the activity ledger (`ledger.ts`): zero or more records,
 * one per initiative it concerns. Pure, and free of the AWS SDK, so the event-consumer registry
 * (read by CDK and the local bus) can route exactly these events to the ledger.
 */

export const activityKinds = [
  'contribution',
  'vote',
  'survey-response',
  'volunteer-signup',
  'no-show',
  'verified-hours',
  'training-enrolment',
  'training-completion',
  'partnership-formed',
  'partnership-status',
  'partner-contribution',
  'feedback',
  'meeting-registration',
  'meeting-attendance',
  'petition-opened',
  'petition-signature',
  'petition-threshold',
  'petition-answer',
  'petition-overdue',
] as const;
export type ActivityKind = (typeof activityKinds)[number];

/**
 * The participation facts that carry the channel they came through (web, paper, phone…): what a
 * resident contributed, voted, answered or rated, the meetings they attended (a sign-in sheet
 * is `paper`) and the petitions they signed (a paper sheet too). Their records filed before
 * channels existed have none, and were `web`.
 */
export const channelledKinds = [
  'contribution',
  'vote',
  'survey-response',
  'feedback',
  'meeting-attendance',
  'petition-signature',
] as const satisfies readonly ActivityKind[];

export interface ActivityRecord {
  eventId: string;
  kind: ActivityKind;
  /** The instant the activity belongs to (ISO 8601); its local day files it. */
  at: string;
  /**
   * The initiative it belongs to. Absent only where the activity may concern none (a petition
   * linked to no initiative): it counts in the city's summary alone.
   */
  initiativeId?: string;
  /** The keyed email hash of a resident who took part, when the activity has one. */
  participantHash?: string;
  /** The consented profile of a survey respondent. */
  neighbourhood?: string;
  ageBand?: string;
  /** Survey responses: every shown question answered. */
  complete?: boolean;
  /** Minutes of verified hours, a feedback rating, or a value in the city currency's minor units. */
  quantity?: number;
  /** What it is about, when a figure needs to tell subjects apart (a partnership). */
  subject?: string;
  /** A sub-kind: a partner contribution's kind, a partnership's new status. */
  variant?: string;
  /** Where a participation fact (`channelledKinds`) came from. */
  channel?: Channel;
}

type Projection = (detail: unknown) => Omit<ActivityRecord, 'eventId'>[];

/** One projection per event: parse with the event's own schema, then say what it records. */
const projectedEvents: EventDefinition[] = [];

function project<E extends EventDefinition>(
  event: E,
  records: (detail: z.output<E['detail']>) => Omit<ActivityRecord, 'eventId'>[],
): [string, Projection] {
  projectedEvents.push(event);
  return [event.detailType, (detail) => records(event.detail.parse(detail) as z.output<E['detail']>)];
}

/** The initiative an event concerns, when it names one. */
const linkedInitiative = (detail: { initiativeId?: string | undefined }) =>
  detail.initiativeId ? { initiativeId: detail.initiativeId } : {};

/** Local midnight-to-midnight day a date-only value (the city's own calendar) names, as an instant. */
const dayAt = (date: string) => `${date}T12:00:00Z`;

export const projections = new Map<string, Projection>([
  project(ContributionSubmitted, (d) => [
    {
      kind: 'contribution',
      at: d.occurredAt,
      initiativeId: d.initiativeId,
      ...(d.participantHash ? { participantHash: d.participantHash } : {}),
      variant: d.kind,
      channel: d.channel,
    },
  ]),
  project(VoteCast, (d) => [
    {
      kind: 'vote',
      at: d.occurredAt,
      initiativeId: d.initiativeId,
      participantHash: d.participantHash,
      channel: d.channel,
    },
  ]),
  project(SurveyResponseSubmitted, (d) => [
    {
      kind: 'survey-response',
      at: d.occurredAt,
      initiativeId: d.initiativeId,
      complete: d.complete === true,
      ...(d.neighbourhood ? { neighbourhood: d.neighbourhood } : {}),
      ...(d.ageBand ? { ageBand: d.ageBand } : {}),
      channel: d.channel,
    },
  ]),
  project(VolunteerSignedUp, (d) => [
    {
      kind: 'volunteer-signup',
      at: d.occurredAt,
      initiativeId: d.initiativeId,
      participantHash: d.participantHash,
      variant: 'confirmed',
    },
  ]),
  // On an `email` shift a waitlist place is not yet a proven person: it counts once confirmed
  // (`VolunteerSignedUp`, after a promotion). Likewise for training.
  project(VolunteerWaitlisted, (d) =>
    d.assurance === 'email'
      ? []
      : [
          {
            kind: 'volunteer-signup',
            at: d.occurredAt,
            initiativeId: d.initiativeId,
            participantHash: d.participantHash,
            variant: 'waitlisted',
          },
        ],
  ),
  project(VolunteerNoShow, (d) => [{ kind: 'no-show', at: d.occurredAt, initiativeId: d.initiativeId }]),
  // Hours count in the period they were worked, not when a coordinator got round to them.
  project(VolunteerHoursVerified, (d) => [
    { kind: 'verified-hours', at: d.startedAt, initiativeId: d.initiativeId, quantity: d.minutes },
  ]),
  project(TrainingEnrolled, (d) => [
    {
      kind: 'training-enrolment',
      at: d.occurredAt,
      initiativeId: d.initiativeId,
      participantHash: d.participantHash,
    },
  ]),
  project(TrainingWaitlisted, (d) =>
    d.assurance === 'email'
      ? []
      : [
          {
            kind: 'training-enrolment',
            at: d.occurredAt,
            initiativeId: d.initiativeId,
            participantHash: d.participantHash,
            variant: 'waitlisted',
          },
        ],
  ),
  project(TrainingCompleted, (d) => [
    { kind: 'training-completion', at: d.occurredAt, initiativeId: d.initiativeId },
  ]),
  // A partnership may serve several initiatives: it counts in each, and once city-wide.
  project(PartnershipFormed, (d) =>
    d.initiativeIds.map((initiativeId) => ({
      kind: 'partnership-formed' as const,
      at: d.occurredAt,
      initiativeId,
      subject: d.partnershipId,
      variant: d.status,
    })),
  ),
  project(PartnershipStatusChanged, (d) =>
    d.initiativeIds.map((initiativeId) => ({
      kind: 'partnership-status' as const,
      at: d.occurredAt,
      initiativeId,
      subject: d.partnershipId,
      variant: d.toStatus,
    })),
  ),
  // A meeting's registrations count per initiative like sign-ups: confirmed at once or when
  // confirmed by email, waitlisted only where the address needed no proof (`open`).
  project(MeetingRegistered, (d) => [
    {
      kind: 'meeting-registration',
      at: d.occurredAt,
      initiativeId: d.initiativeId,
      participantHash: d.participantHash,
      variant: 'confirmed',
    },
  ]),
  project(MeetingWaitlisted, (d) =>
    d.assurance === 'email'
      ? []
      : [
          {
            kind: 'meeting-registration',
            at: d.occurredAt,
            initiativeId: d.initiativeId,
            participantHash: d.participantHash,
            variant: 'waitlisted',
          },
        ],
  ),
  project(MeetingAttended, (d) => [
    {
      kind: 'meeting-attendance',
      at: d.attendedAt,
      initiativeId: d.initiativeId,
      // An anonymous walk-in from a sign-in sheet counts without a person.
      ...(d.participantHash ? { participantHash: d.participantHash } : {}),
      channel: d.channel,
    },
  ]),
  project(FeedbackGiven, (d) => [
    {
      kind: 'feedback',
      at: d.occurredAt,
      initiativeId: d.initiativeId,
      quantity: d.rating,
      variant: d.about.kind,
      channel: d.channel,
    },
  ]),
  project(PartnerContributionRecorded, (d) => [
    {
      kind: 'partner-contribution',
      at: dayAt(d.date),
      initiativeId: d.initiativeId,
      quantity: d.value.amount,
      subject: d.partnershipId,
      variant: d.kind,
    },
  ]),
  // Petitions: city-wide always, and in their initiative's summary where one is linked. Only the
  // signatures name a person (to count unique participants); none carries the signer's
  // neighbourhood, which the petition's own counts show and the ledger has no need to keep.
  project(PetitionPublished, (d) => [
    { kind: 'petition-opened', at: d.occurredAt, ...linkedInitiative(d), subject: d.petitionId },
  ]),
  project(SignatureConfirmed, (d) => [
    {
      kind: 'petition-signature',
      at: d.occurredAt,
      ...linkedInitiative(d),
      // A paper signature given without an address counts without a person.
      ...(d.participantHash ? { participantHash: d.participantHash } : {}),
      subject: d.petitionId,
      channel: d.channel,
    },
  ]),
  project(PetitionThresholdReached, (d) => [
    {
      kind: 'petition-threshold',
      at: d.occurredAt,
      ...linkedInitiative(d),
      subject: d.petitionId,
      variant: d.level,
    },
  ]),
  project(PetitionAnswered, (d) => [
    {
      kind: 'petition-answer',
      at: d.occurredAt,
      ...linkedInitiative(d),
      subject: d.petitionId,
      variant: d.outcome,
    },
  ]),
  project(PetitionResponseOverdue, (d) => [
    { kind: 'petition-overdue', at: d.occurredAt, ...linkedInitiative(d), subject: d.petitionId },
  ]),
]);

/** The EventBridge pattern that delivers every projected event (and nothing else) to the ledger. */
export function ledgerEventPattern() {
  const sources = new Set<string>();
  for (const event of projectedEvents) sources.add(event.source);
  return {
    source: [...sources].sort(),
    'detail-type': projectedEvents.map((event) => event.detailType).sort(),
  };
}
