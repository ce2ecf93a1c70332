import { VolunteerCheckedIn, VolunteerHoursVerified, VolunteerNoShow } from '../../events/volunteering';
import { domainEvent } from '../../shared/domain/domain-event';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { Principal } from '../../shared/http/route';
import type { HoursInput } from './schemas';
import type { StoredClaim, StoredHoursEntry } from './store';
import { minutesBetween } from './time';
import {
  cityTimeZone,
  lookups,
  refusedConcurrently,
  staffId,
  type VolunteeringDeps,
} from './use-case-support';

/** Attendance may be recorded from 12 hours before a shift starts until 12 hours after it ends. */
const ATTENDANCE_MARGIN_MS = 12 * 3_600_000;

const attendanceView = (claim: StoredClaim) => ({
  signupId: claim.claimId,
  status: claim.status,
  ...(claim.checkedInAt ? { checkedInAt: claim.checkedInAt } : {}),
  ...(claim.checkedOutAt ? { checkedOutAt: claim.checkedOutAt } : {}),
  ...(claim.minutes !== undefined ? { minutes: claim.minutes } : {}),
  ...(claim.noShowAt ? { noShowAt: claim.noShowAt } : {}),
});

/**
 * Attendance and hours: check-in and check-out (which turn attendance into verified hours),
 * no-shows, and hours entered by hand that a second coordinator verifies.
 */
export function attendanceUseCases({ store, clock, initiativeExists }: VolunteeringDeps) {
  const { requireClaim } = lookups(store);
  const nowIso = () => clock().toISOString();

  async function attendableShiftSignup(signupId: string, at: string) {
    const claim = await requireClaim('shift', signupId);
    if (claim.status !== 'confirmed')
      throw new ConflictError(`This sign-up is ${claim.status}, not confirmed.`, 'not-confirmed');
    const time = Date.parse(at);
    if (
      time < Date.parse(claim.startsAt) - ATTENDANCE_MARGIN_MS ||
      time > Date.parse(claim.endsAt) + ATTENDANCE_MARGIN_MS
    )
      throw new InvalidFieldError('body.at', 'Must be within 12 hours of the shift.');
    return claim;
  }

  const eventBase = (claim: StoredClaim) => ({
    eventId: newId(),
    occurredAt: nowIso(),
    signupId: claim.claimId,
    shiftId: claim.activityId,
    opportunityId: claim.opportunityId ?? '',
    initiativeId: claim.initiativeId,
    volunteerId: claim.volunteerId,
  });

  return {
    async checkIn(signupId: string, input: { at?: string | undefined }) {
      const at = input.at ?? nowIso();
      const claim = await attendableShiftSignup(signupId, at);
      if (claim.checkedInAt)
        throw new ConflictError('This volunteer is already checked in.', 'already-checked-in');
      const event = domainEvent(VolunteerCheckedIn, { ...eventBase(claim), checkedInAt: at });
      const result = await store.checkIn(claim, at, event);
      if (result.outcome !== 'changed') throw refusedConcurrently();
      return attendanceView(result.claim);
    },

    /** Check-out turns attendance into verified hours: check-out minus check-in, as instants. */
    async checkOut(signupId: string, input: { at?: string | undefined }, principal: Principal) {
      const at = input.at ?? nowIso();
      const claim = await attendableShiftSignup(signupId, at);
      if (!claim.checkedInAt) throw new ConflictError('Check the volunteer in first.', 'not-checked-in');
      if (claim.checkedOutAt)
        throw new ConflictError('This volunteer is already checked out.', 'already-checked-out');
      const minutes = minutesBetween(claim.checkedInAt, at);
      if (minutes < 1) throw new InvalidFieldError('body.at', 'Must be after the check-in time.');
      if (minutes > 24 * 60)
        throw new InvalidFieldError('body.at', 'Must be within 24 hours of the check-in.');
      const now = nowIso();
      const coordinator = staffId(principal);
      const entry: StoredHoursEntry = {
        entryId: newId(),
        volunteerId: claim.volunteerId,
        initiativeId: claim.initiativeId,
        ...(claim.opportunityId ? { opportunityId: claim.opportunityId } : {}),
        signupId: claim.claimId,
        source: 'attendance',
        startedAt: claim.checkedInAt,
        endedAt: at,
        minutes,
        status: 'verified',
        enteredBy: coordinator,
        enteredAt: now,
        verifiedBy: coordinator,
        verifiedAt: now,
      };
      const event = domainEvent(VolunteerHoursVerified, {
        eventId: newId(),
        occurredAt: now,
        entryId: entry.entryId,
        volunteerId: entry.volunteerId,
        initiativeId: entry.initiativeId,
        ...(entry.opportunityId ? { opportunityId: entry.opportunityId } : {}),
        signupId: claim.claimId,
        source: 'attendance',
        minutes,
        startedAt: entry.startedAt,
      });
      const result = await store.checkOut(claim, at, entry, cityTimeZone(), event);
      if (result.outcome !== 'changed') throw refusedConcurrently();
      return attendanceView(result.claim);
    },

    /** A confirmed volunteer who never checked in, once the shift has started. */
    async markNoShow(signupId: string) {
      const claim = await requireClaim('shift', signupId);
      if (claim.status !== 'confirmed')
        throw new ConflictError(`This sign-up is ${claim.status}, not confirmed.`, 'not-confirmed');
      if (claim.checkedInAt) throw new ConflictError('This volunteer checked in.', 'already-checked-in');
      if (clock().getTime() < Date.parse(claim.startsAt))
        throw new ConflictError('The shift has not started yet.', 'not-started');
      const at = nowIso();
      const result = await store.markNoShow(claim, at, domainEvent(VolunteerNoShow, eventBase(claim)));
      if (result.outcome !== 'changed') throw refusedConcurrently();
      return attendanceView(result.claim);
    },

    /** Hours entered by hand count only once a second coordinator has verified them. */
    async addHours(volunteerId: string, input: HoursInput, principal: Principal) {
      if (!(await store.getVolunteer(volunteerId))) throw new NotFoundError('No volunteer with this ID.');
      if (!(await initiativeExists(input.initiativeId)))
        throw new InvalidFieldError('body.initiativeId', 'No initiative with this ID.');
      if (input.opportunityId) {
        const opportunity = await store.getOpportunity(input.opportunityId);
        if (opportunity?.initiativeId !== input.initiativeId)
          throw new InvalidFieldError(
            'body.opportunityId',
            'No opportunity with this ID in this initiative.',
          );
      }
      const entry: StoredHoursEntry = {
        entryId: newId(),
        volunteerId,
        ...input,
        source: 'manual',
        minutes: minutesBetween(input.startedAt, input.endedAt),
        status: 'unverified',
        enteredBy: staffId(principal),
        enteredAt: nowIso(),
      };
      await store.addHoursEntry(entry);
      return entry;
    },

    async verifyHours(volunteerId: string, entryId: string, principal: Principal) {
      const entry = await store.getHoursEntry(volunteerId, entryId);
      if (!entry) throw new NotFoundError('No hours entry with this ID for this volunteer.');
      if (entry.status === 'verified')
        throw new ConflictError('These hours are already verified.', 'already-verified');
      const verifier = staffId(principal);
      if (entry.enteredBy === verifier)
        throw new ConflictError(
          'Hours are verified by someone other than who entered them.',
          'self-verification',
        );
      const at = nowIso();
      const event = domainEvent(VolunteerHoursVerified, {
        eventId: newId(),
        occurredAt: at,
        entryId,
        volunteerId,
        initiativeId: entry.initiativeId,
        ...(entry.opportunityId ? { opportunityId: entry.opportunityId } : {}),
        source: 'manual',
        minutes: entry.minutes,
        startedAt: entry.startedAt,
      });
      const result = await store.verifyHoursEntry(entry, verifier, at, cityTimeZone(), event);
      if (result !== 'verified')
        throw new ConflictError('Someone else verified these hours at the same moment.', 'already-verified');
      return { ...entry, status: 'verified' as const, verifiedBy: verifier, verifiedAt: at };
    },
  };
}
