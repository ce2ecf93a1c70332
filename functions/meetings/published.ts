import type { PersonalDataHolder } from '../../shared/privacy/person';
import { meetingAttendanceIntake } from './batch-intake';
import { dynamoMeetingAttendanceWrites } from './dynamo-batch-intake';
import { meetingsPersonalDataHolder } from './dynamo-personal-data';
import { dynamoMeetingsStore } from './dynamo-store';

/**
 * What meetings publish to other contexts: a resident's meeting registrations and walk-in
 * attendance for the privacy context — their export, their erasure, and the end of each item's
 * retention.
 */
export const personalDataHolder: PersonalDataHolder = meetingsPersonalDataHolder;

/**
 * Meetings' intake of staff-entered sign-in sheets (`functions/batches/`, kind
 * `meeting-attendance`): a registrant checked in, a walk-in recorded, each with the batch's
 * channel and provenance.
 */
export const meetingAttendanceBatchIntake = meetingAttendanceIntake(
  dynamoMeetingsStore,
  dynamoMeetingAttendanceWrites,
);
