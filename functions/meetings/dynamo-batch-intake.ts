import { z } from 'zod';
import { MeetingAttended } from '../../events/meetings';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { meetingsKeys as keys } from '../../shared/db/keys';
import { eventPut } from '../../shared/db/seats/items';
import { transactWrite } from '../../shared/db/transact';
import { channelSchema } from '../../shared/domain/channel';
import { domainEvent } from '../../shared/domain/domain-event';
import { newId } from '../../shared/domain/ids';
import type { MeetingAttendanceWrites, StoredWalkIn } from './batch-intake';
import { parseRegistration } from './dynamo-items';
import { personalAttributes, readClaim } from './dynamo-seats';

/** The `type` of a walk-in's attendance and of a person's one attendance marker. */
export const attendanceItemTypes = { walkIn: 'MeetingWalkIn', attendee: 'MeetingAttendee' };

const provenance = z.object({
  batchId: z.string(),
  rowNumber: z.number(),
  enteredBy: z.string(),
  collectedAt: z.string(),
});

const storedWalkIn: z.ZodType<StoredWalkIn> = z.object({
  attendanceId: z.string(),
  meetingId: z.string(),
  engagementId: z.string(),
  initiativeId: z.string(),
  contact: z.object({ name: z.string(), email: z.string(), phone: z.string().optional() }).optional(),
  attendedAt: z.string(),
  channel: channelSchema.exclude(['web']),
  provenance,
});

export const parseWalkIn = (item: Record<string, unknown>): StoredWalkIn => parseEntity(storedWalkIn, item);

const attended = (event: {
  at: string;
  meetingId: string;
  engagementId: string;
  initiativeId: string;
  channel: StoredWalkIn['channel'];
  provenance: StoredWalkIn['provenance'];
  participantHash: string | undefined;
  registrationId?: string;
  attendanceId?: string;
}) =>
  eventPut(
    domainEvent(MeetingAttended, {
      eventId: newId(),
      occurredAt: event.at,
      ...(event.registrationId ? { registrationId: event.registrationId } : {}),
      ...(event.attendanceId ? { attendanceId: event.attendanceId } : {}),
      meetingId: event.meetingId,
      engagementId: event.engagementId,
      initiativeId: event.initiativeId,
      channel: event.channel,
      ...(event.participantHash ? { participantHash: event.participantHash } : {}),
      attendedAt: event.at,
      provenance: { batchId: event.provenance.batchId, rowNumber: event.provenance.rowNumber },
    }),
  );

/** The person's one attendance at a meeting: a second sheet naming them counts nothing more. */
function attendeePut(meetingId: string, participantHash: string, at: string) {
  const key = keys.attendee(meetingId, participantHash);
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...key,
        type: attendanceItemTypes.attendee,
        meetingId,
        ...personalAttributes({ type: attendanceItemTypes.attendee, ...key }, participantHash, at),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

const countAttendance = (meetingId: string) => ({
  Update: {
    TableName: tableName(),
    Key: keys.meeting(meetingId),
    UpdateExpression: 'ADD attended :one',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':one': 1 },
  },
});

/** Meetings' writes of sign-in sheet attendance on the single table; see `MeetingAttendanceWrites`. */
export const dynamoMeetingAttendanceWrites: MeetingAttendanceWrites = {
  async registrationOf(meetingId, participantHash) {
    const holder = await getItem(keys.seatHolder('meeting', meetingId, participantHash), {
      consistentRead: true,
    });
    const claimId = typeof holder?.claimId === 'string' ? holder.claimId : undefined;
    return claimId ? readClaim('meeting', claimId) : undefined;
  },

  async getWalkIn(attendanceId) {
    const item = await getItem(keys.walkIn(attendanceId), { consistentRead: true });
    return item ? parseWalkIn(item) : undefined;
  },

  async checkInFromBatch(registration, attendance) {
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.registration(registration.claimId),
          UpdateExpression:
            'SET attendedAt = :at, attendanceChannel = :channel, attendanceProvenance = :provenance',
          ConditionExpression: '#status = :confirmed AND attribute_not_exists(attendedAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':at': attendance.at,
            ':channel': attendance.channel,
            ':provenance': attendance.provenance,
            ':confirmed': 'confirmed',
          },
        },
      },
      attendeePut(registration.activityId, registration.participantHash, attendance.at),
      countAttendance(registration.activityId),
      attended({
        at: attendance.at,
        registrationId: registration.claimId,
        meetingId: registration.activityId,
        engagementId: registration.engagementId,
        initiativeId: registration.initiativeId,
        channel: attendance.channel,
        provenance: attendance.provenance,
        participantHash: registration.participantHash,
      }),
    ]);
    if (result.ok) return 'checked-in';
    if (result.failedConditions.includes(1)) return 'already-attended';
    const current = await getItem(keys.registration(registration.claimId), { consistentRead: true });
    if (current && parseRegistration(current).attendedAt) return 'already-attended';
    return 'not-confirmed';
  },

  async addWalkIn(walkIn, participantHash) {
    const key = keys.walkIn(walkIn.attendanceId);
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...key,
            type: attendanceItemTypes.walkIn,
            ...walkIn,
            // Only a walk-in with an address is about someone: the person index and retention find it.
            ...(participantHash
              ? personalAttributes(
                  { type: attendanceItemTypes.walkIn, ...key },
                  participantHash,
                  walkIn.attendedAt,
                )
              : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      countAttendance(walkIn.meetingId),
      attended({
        at: walkIn.attendedAt,
        attendanceId: walkIn.attendanceId,
        meetingId: walkIn.meetingId,
        engagementId: walkIn.engagementId,
        initiativeId: walkIn.initiativeId,
        channel: walkIn.channel,
        provenance: walkIn.provenance,
        participantHash,
      }),
      ...(participantHash ? [attendeePut(walkIn.meetingId, participantHash, walkIn.attendedAt)] : []),
    ]);
    if (result.ok) return 'added';
    if (result.failedConditions.includes(0)) return 'exists';
    if (result.failedConditions.includes(3)) return 'already-attended';
    throw new Error(`Walk-in write refused by condition ${result.failedConditions.join(',')}`);
  },
};
