import { BatchCommitRequested, BatchCommitted, BatchDeclared } from './batches';
import type { EventDefinition } from './define-event';
import { FeedbackGiven, IndicatorDefined, MeasurementRecorded, ReflectionRecorded } from './evaluation';
import { AssetApproved, AssetSuggested } from './mapping';
import {
  MeetingAttended,
  MeetingHoldExpired,
  MeetingPromoted,
  MeetingRecordPublished,
  MeetingRegistered,
  MeetingRegistrationCancelled,
  MeetingScheduled,
  MeetingSeatHeld,
  MeetingWaitlisted,
} from './meetings';
import { NeedDefined } from './needs';
import { ContributionModerated, ContributionSubmitted, VoteCast } from './participation';
import { PartnerContributionRecorded, PartnershipFormed, PartnershipStatusChanged } from './partnerships';
import {
  PetitionAnswered,
  PetitionClosed,
  PetitionDrafted,
  PetitionPublished,
  PetitionResponseDue,
  PetitionResponseOverdue,
  PetitionThresholdReached,
  SignatureConfirmed,
  SignaturesInvalidated,
} from './petitions';
import {
  ConsentRecorded,
  ConsentWithdrawn,
  DataExported,
  PersonErased,
  PrivacyRequestConfirmed,
} from './privacy';
import { SurveyResponseSubmitted } from './surveys';
import {
  SignupCancelled,
  SignupHoldExpired,
  TrainingCompleted,
  TrainingEnrolled,
  TrainingEnrolmentCancelled,
  TrainingEnrolmentHoldExpired,
  TrainingPromoted,
  TrainingSeatHeld,
  TrainingWaitlisted,
  VolunteerCheckedIn,
  VolunteerHoursVerified,
  VolunteerNoShow,
  VolunteerPromoted,
  VolunteerSeatHeld,
  VolunteerSignedUp,
  VolunteerWaitlisted,
} from './volunteering';

/**
 * Every domain event Civic publishes. The outbox publisher refuses to publish anything not
 * listed here, and a test checks each entry has a sample under `events/samples/`.
 */
export const eventCatalogue: readonly EventDefinition[] = [
  PrivacyRequestConfirmed,
  DataExported,
  PersonErased,
  ConsentRecorded,
  ConsentWithdrawn,
  ContributionSubmitted,
  VoteCast,
  ContributionModerated,
  AssetSuggested,
  AssetApproved,
  SurveyResponseSubmitted,
  NeedDefined,
  PartnershipFormed,
  PartnershipStatusChanged,
  PartnerContributionRecorded,
  IndicatorDefined,
  MeasurementRecorded,
  FeedbackGiven,
  ReflectionRecorded,
  VolunteerSignedUp,
  VolunteerSeatHeld,
  VolunteerWaitlisted,
  VolunteerPromoted,
  SignupHoldExpired,
  SignupCancelled,
  VolunteerCheckedIn,
  VolunteerNoShow,
  VolunteerHoursVerified,
  TrainingEnrolled,
  TrainingSeatHeld,
  TrainingWaitlisted,
  TrainingPromoted,
  TrainingEnrolmentHoldExpired,
  TrainingEnrolmentCancelled,
  TrainingCompleted,
  BatchDeclared,
  BatchCommitRequested,
  BatchCommitted,
  MeetingScheduled,
  MeetingRegistered,
  MeetingSeatHeld,
  MeetingWaitlisted,
  MeetingPromoted,
  MeetingHoldExpired,
  MeetingRegistrationCancelled,
  MeetingAttended,
  MeetingRecordPublished,
  PetitionDrafted,
  PetitionPublished,
  SignatureConfirmed,
  PetitionThresholdReached,
  PetitionResponseDue,
  PetitionResponseOverdue,
  PetitionAnswered,
  PetitionClosed,
  SignaturesInvalidated,
];

export function findEventDefinition(source: string, detailType: string): EventDefinition | undefined {
  return eventCatalogue.find((event) => event.source === source && event.detailType === detailType);
}
