import type { BatchIntake, BatchProvenance } from '../../shared/domain/batch-intake';
import { derivedId } from '../../shared/domain/ids';
import { normalizeEmail } from '../../shared/domain/participant';
import { checkRowWith, rowAsBody } from '../../shared/http/batch-rows';
import { type AttendanceRowInput, attendanceRowInput } from './schemas';
import type { MeetingsStore, StoredMeeting, StoredRegistration } from './store';

/** Where a batch's sign-in sheet goes. */
export interface MeetingAttendanceTarget {
  meetingId: string;
}

/** A walk-in's attendance as stored: no registration, counted in the meeting's attendance. */
export interface StoredWalkIn {
  attendanceId: string;
  meetingId: string;
  engagementId: string;
  initiativeId: string;
  /** Absent for an anonymous walk-in (no email on the sheet): it holds nothing about the person. */
  contact?: { name: string; email: string; phone?: string | undefined } | undefined;
  attendedAt: string;
  channel: BatchProvenance['channel'];
  provenance: { batchId: string; rowNumber: number; enteredBy: string; collectedAt: string };
}

/**
 * The writes of sheet attendance, each one conditional transaction with its `MeetingAttended`
 * event and `ADD attended 1` on the meeting, so attendance counts once however often a commit runs.
 */
export interface MeetingAttendanceWrites {
  /** The registration a person's keyed hash holds at this meeting (its one-per-person marker). */
  registrationOf(meetingId: string, participantHash: string): Promise<StoredRegistration | undefined>;
  getWalkIn(attendanceId: string): Promise<StoredWalkIn | undefined>;
  /**
   * Checks a confirmed registration in from a sheet: the registration keeps its channel, the
   * attendance records the batch's. `already-attended` when it was checked in before (or the
   * person attended through another sheet), `not-confirmed` when it is no longer confirmed.
   */
  checkInFromBatch(
    registration: StoredRegistration,
    attendance: { at: string; channel: BatchProvenance['channel']; provenance: StoredWalkIn['provenance'] },
  ): Promise<'checked-in' | 'already-attended' | 'not-confirmed'>;
  /**
   * Records a walk-in (with the person's one attendance marker when the sheet gave an email).
   * `exists`: this row was written by an earlier run; `already-attended`: the person counts already.
   */
  addWalkIn(
    walkIn: StoredWalkIn,
    participantHash: string | undefined,
  ): Promise<'added' | 'exists' | 'already-attended'>;
}

/** A name as a sheet and a registration may both spell it: case, accents' forms and spacing aside. */
const comparableName = (name: string) =>
  name.normalize('NFKC').toLocaleLowerCase('und').replace(/\s+/g, ' ').trim();

/**
 * Meetings' intake of sign-in sheets (`published.ts`): each line checked as the registration route
 * checks its name, email and phone.
 *
 * - An email that holds a confirmed registration of the meeting checks it in (`checked-in`),
 *   once: attended already is a `duplicate`.
 * - An email without one is a walk-in (`walk-in`): its own attendance record, with the person index
 *   and retention of a registration, counted even on a full meeting (they were in the room), once
 *   per person however many sheets name them.
 * - No email: an anonymous walk-in (`anonymous-walk-in`), counted, unless the name alone is a
 *   registrant's: then whether it is that person cannot be decided, so `needs-review`, never merged.
 *
 * Every attendance raises `MeetingAttended` with the batch's channel and provenance, at the
 * sheet's `collectedAt`; its record's ID derives from batch and row, so a re-run writes nothing twice.
 */
export function meetingAttendanceIntake(
  store: Pick<MeetingsStore, 'getMeeting' | 'activeRegistrations'>,
  writes: MeetingAttendanceWrites,
): BatchIntake<MeetingAttendanceTarget> {
  const recorded = (recordId: string, reason: string) => ({ outcome: 'recorded' as const, recordId, reason });

  async function walkIn(
    meeting: StoredMeeting,
    attendanceId: string,
    value: AttendanceRowInput,
    participantHash: string | undefined,
    provenance: BatchProvenance,
  ) {
    const reason = participantHash ? 'walk-in' : 'anonymous-walk-in';
    const outcome = await writes.addWalkIn(
      {
        attendanceId,
        meetingId: meeting.activityId,
        engagementId: meeting.engagementId,
        initiativeId: meeting.initiativeId,
        ...(participantHash && value.email
          ? {
              contact: {
                name: value.name,
                email: normalizeEmail(value.email),
                ...(value.phone ? { phone: value.phone } : {}),
              },
            }
          : {}),
        attendedAt: new Date(provenance.collectedAt).toISOString(),
        channel: provenance.channel,
        provenance: storedProvenance(provenance),
      },
      participantHash,
    );
    if (outcome === 'already-attended') return { outcome: 'duplicate' as const, reason: 'already-attended' };
    return recorded(attendanceId, reason);
  }

  return {
    async checkTarget({ meetingId }) {
      const meeting = await store.getMeeting(meetingId);
      return meeting ? { ok: true } : { ok: false, missing: true, reason: 'No meeting with this ID.' };
    },

    async validateRow(_target, data, { flat }) {
      // A CSV row reads as a plain form post does: an empty `email` column is no email.
      const parsed = checkRowWith(attendanceRowInput, rowAsBody(data, flat, attendanceRowInput));
      return parsed.ok ? { ok: true, value: parsed.value as Record<string, unknown> } : parsed;
    },

    emailOf: (value) => (value as AttendanceRowInput).email,

    async commitBatchRow({ meetingId }, row, provenance) {
      const attendanceId = derivedId(provenance.batchId, provenance.rowNumber);
      // A re-run of the commit finds the walk-in the first run wrote, and writes nothing again.
      if (await writes.getWalkIn(attendanceId)) return recorded(attendanceId, 'walk-in');
      const meeting = await store.getMeeting(meetingId);
      if (!meeting) return { outcome: 'refused', reason: 'no-meeting' };
      const value = row.value as AttendanceRowInput;
      const hash = value.email ? row.participantHash : undefined;

      if (hash) {
        const registration = await writes.registrationOf(meetingId, hash);
        if (registration?.status === 'confirmed') {
          const ours = registration.attendanceProvenance;
          if (registration.attendedAt)
            return ours?.batchId === provenance.batchId && ours.rowNumber === provenance.rowNumber
              ? recorded(registration.claimId, 'checked-in')
              : { outcome: 'duplicate', reason: 'already-attended' };
          const outcome = await writes.checkInFromBatch(registration, {
            at: new Date(provenance.collectedAt).toISOString(),
            channel: provenance.channel,
            provenance: storedProvenance(provenance),
          });
          if (outcome === 'checked-in') return recorded(registration.claimId, 'checked-in');
          if (outcome === 'already-attended') return { outcome: 'duplicate', reason: 'already-attended' };
          // Cancelled in between: the person was still in the room, as a walk-in.
        }
        // Held, waitlisted or no registration at all: in the room all the same.
        return walkIn(meeting, attendanceId, value, hash, provenance);
      }

      // No email: a name alone that is a registrant's may be them or a namesake; a person decides.
      const name = comparableName(value.name);
      const namesakes = (await store.activeRegistrations(meetingId)).filter(
        (registration) =>
          registration.contact.name !== '' && comparableName(registration.contact.name) === name,
      );
      if (namesakes.length > 0) return { outcome: 'needs-review', reason: 'name-matches-registration' };
      return walkIn(meeting, attendanceId, value, undefined, provenance);
    },
  };
}

function storedProvenance(provenance: BatchProvenance): StoredWalkIn['provenance'] {
  return {
    batchId: provenance.batchId,
    rowNumber: provenance.rowNumber,
    enteredBy: provenance.enteredBy,
    collectedAt: provenance.collectedAt,
  };
}
