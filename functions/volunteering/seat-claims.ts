import { randomBytes } from 'node:crypto';
import type { SeatedKind } from '../../events/volunteering';
import { participantIdentity } from '../../shared/config/secrets';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { PageRequest } from '../../shared/domain/page';
import { normalizeEmail } from '../../shared/domain/participant';
import { volunteerIdFor } from './identity';
import { cancelUrl } from './links';
import type { ClaimantInput, ClaimStatus } from './schemas';
import type { NewClaim, ReleaseOutcome } from './store';
import { lookups, nouns, shiftView, trainingSessionView, type VolunteeringDeps } from './use-case-support';

/**
 * Seat claims, shifts and training sessions alike: taking a seat or a waitlist place, the holder's
 * own view, cancelling (by the holder with the cancel token, or by staff), capacity changes and the
 * roster. The seat decisions are `seat-rules.ts`'s; the store commits them.
 */
export function seatClaimUseCases({ store, clock }: VolunteeringDeps) {
  const { requireActivity, requireOwnClaim } = lookups(store);
  const nowIso = () => clock().toISOString();

  async function claimSeat(kind: SeatedKind, activityId: string, input: ClaimantInput) {
    const activity = await requireActivity(kind, activityId);
    if (Date.parse(activity.startsAt) <= clock().getTime())
      throw new ConflictError(`This ${nouns[kind].activity} has already started.`, 'already-started');
    if (activity.minimumAge !== undefined && input.confirmsMinimumAge !== true)
      throw new InvalidFieldError(
        'body.confirmsMinimumAge',
        `Volunteers must be at least ${activity.minimumAge} years old; confirm it to sign up.`,
      );
    const hash = await participantIdentity(input.email);
    const now = nowIso();
    const claim: NewClaim = {
      kind,
      claimId: newId(),
      activityId,
      initiativeId: activity.initiativeId,
      ...(activity.opportunityId ? { opportunityId: activity.opportunityId } : {}),
      volunteerId: volunteerIdFor(hash),
      participantHash: hash,
      contact: {
        name: input.name,
        email: normalizeEmail(input.email),
        ...(input.phone ? { phone: input.phone } : {}),
        consentToContact: input.consentToContact,
      },
      skills: input.skills,
      cancelToken: randomBytes(24).toString('base64url'),
      title: activity.title,
      startsAt: activity.startsAt,
      endsAt: activity.endsAt,
      timeZone: activity.timeZone,
      ...(activity.location ? { location: activity.location } : {}),
      createdAt: now,
    };
    const result = await store.claimSeat(claim, now, input.skills);
    if (result.outcome === 'gone') throw new NotFoundError(`No ${nouns[kind].activity} with this ID.`);
    if (result.outcome === 'duplicate')
      throw new ConflictError(
        `This person already has a ${nouns[kind].claim} for this ${nouns[kind].activity}.`,
        'already-signed-up',
      );
    if (result.outcome === 'overlap')
      throw new ConflictError(
        'This person already has a shift or session at an overlapping time.',
        'overlapping-commitment',
      );
    const link = cancelUrl(kind, claim.claimId, claim.cancelToken);
    return {
      claimId: claim.claimId,
      activityId,
      status: result.outcome,
      ...(result.outcome === 'waitlisted' ? { position: result.position } : {}),
      cancelToken: claim.cancelToken,
      ...(link ? { cancelUrl: link } : {}),
    };
  }

  async function viewClaim(kind: SeatedKind, claimId: string, token: string | undefined) {
    const claim = await requireOwnClaim(kind, claimId, token);
    const position = claim.status === 'waitlisted' ? await store.waitlistPosition(claim) : undefined;
    return {
      claimId,
      activityId: claim.activityId,
      status: claim.status,
      ...(position ? { position } : {}),
      startsAt: claim.startsAt,
      endsAt: claim.endsAt,
      timeZone: claim.timeZone,
    };
  }

  function answerRelease(kind: SeatedKind, result: ReleaseOutcome, at: string) {
    if (result.outcome === 'gone') throw new NotFoundError(`No ${nouns[kind].claim} with this ID.`);
    if (result.outcome === 'not-active')
      throw new ConflictError(`This ${nouns[kind].claim} is already ${result.status}.`, 'not-active');
    return { status: 'cancelled' as const, cancelledAt: at, promoted: result.promoted };
  }

  async function cancelOwn(kind: SeatedKind, claimId: string, token: string | undefined) {
    const claim = await requireOwnClaim(kind, claimId, token);
    // Once it has begun, a seat freed now helps nobody on the waitlist: that is the coordinator's call.
    if (claim.status === 'confirmed' && Date.parse(claim.startsAt) <= clock().getTime())
      throw new ConflictError(
        `This ${nouns[kind].activity} has already started; ask its coordinator.`,
        'already-started',
      );
    const at = nowIso();
    return answerRelease(kind, await store.releaseSeat(kind, claimId, 'volunteer', at), at);
  }

  async function cancelAsStaff(kind: SeatedKind, claimId: string) {
    const at = nowIso();
    return answerRelease(kind, await store.releaseSeat(kind, claimId, 'staff', at), at);
  }

  async function changeCapacity(kind: SeatedKind, activityId: string, capacity: number) {
    const result = await store.changeCapacity(kind, activityId, capacity, nowIso());
    if (result.outcome === 'gone') throw new NotFoundError(`No ${nouns[kind].activity} with this ID.`);
    if (result.outcome === 'below-confirmed')
      throw new ConflictError(
        `${result.confirmed} seats are confirmed; cancel sign-ups before going below that.`,
        'below-confirmed',
      );
    return requireActivity(kind, activityId);
  }

  return {
    changeShiftCapacity: async (shiftId: string, capacity: number) =>
      shiftView(await changeCapacity('shift', shiftId, capacity)),

    async signUp(shiftId: string, input: ClaimantInput) {
      const { claimId, activityId, ...rest } = await claimSeat('shift', shiftId, input);
      return { signupId: claimId, shiftId: activityId, ...rest };
    },
    async viewSignup(signupId: string, token: string | undefined) {
      const { claimId, activityId, ...rest } = await viewClaim('shift', signupId, token);
      return { signupId: claimId, shiftId: activityId, ...rest };
    },
    cancelSignup: (signupId: string, token: string | undefined) => cancelOwn('shift', signupId, token),
    cancelSignupAsStaff: (signupId: string) => cancelAsStaff('shift', signupId),

    async roster(shiftId: string, status: ClaimStatus | undefined, page: PageRequest) {
      await requireActivity('shift', shiftId);
      const result = await store.listRoster('shift', shiftId, status, page);
      return {
        ...result,
        items: result.items.map((claim) => ({
          signupId: claim.claimId,
          status: claim.status,
          volunteerId: claim.volunteerId,
          name: claim.contact.name,
          email: claim.contact.email,
          ...(claim.contact.phone ? { phone: claim.contact.phone } : {}),
          skills: claim.skills,
          ...(claim.ticket !== undefined ? { ticket: claim.ticket } : {}),
          ...(claim.checkedInAt ? { checkedInAt: claim.checkedInAt } : {}),
          ...(claim.checkedOutAt ? { checkedOutAt: claim.checkedOutAt } : {}),
          createdAt: claim.createdAt,
        })),
      };
    },

    changeSessionCapacity: async (sessionId: string, capacity: number) =>
      trainingSessionView(await changeCapacity('training', sessionId, capacity)),

    async enrol(sessionId: string, input: ClaimantInput) {
      const { claimId, activityId, ...rest } = await claimSeat('training', sessionId, input);
      return { enrolmentId: claimId, sessionId: activityId, ...rest };
    },
    async viewEnrolment(enrolmentId: string, token: string | undefined) {
      const { claimId, activityId, ...rest } = await viewClaim('training', enrolmentId, token);
      return { enrolmentId: claimId, sessionId: activityId, ...rest };
    },
    cancelEnrolment: (enrolmentId: string, token: string | undefined) =>
      cancelOwn('training', enrolmentId, token),
    cancelEnrolmentAsStaff: (enrolmentId: string) => cancelAsStaff('training', enrolmentId),
  };
}
