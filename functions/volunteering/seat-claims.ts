import type { SeatedKind } from '../../events/volunteering';
import { runtimeConfig } from '../../shared/config/runtime';
import { participantIdentity } from '../../shared/config/secrets';
import { defaultChannel } from '../../shared/domain/channel';
import {
  checkYourEmailAnswer,
  confirmationExpired,
  hasLapsed,
  instantOfEpochSeconds,
  mintConfirmationToken,
  tokenMatches,
} from '../../shared/domain/confirmation';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import { mintLinkToken } from '../../shared/domain/link-tokens';
import type { PageRequest } from '../../shared/domain/page';
import { normalizeEmail } from '../../shared/domain/participant';
import { messagesFor } from '../../shared/messages';
import { volunteerIdFor } from './identity';
import { cancelUrl, confirmationUrl, issueCancelLink } from './links';
import { type ClaimNotice, claimNoticeMail } from './mail';
import type { ClaimantInput, ClaimStatus } from './schemas';
import type { ClaimOutcome, NewClaim, ReleaseOutcome, StoredClaim } from './store';
import { describeTimeRange } from './time';
import {
  lookups,
  nouns,
  shiftView,
  staffSeats,
  trainingSessionView,
  type VolunteeringDeps,
} from './use-case-support';

/** The language mail is written in: the city's first. */
const mailLanguage = () => runtimeConfig().LOCALES[0] ?? 'en';

/**
 * Seat claims, shifts and training sessions alike: taking a seat or a waitlist place, the holder's
 * own view, cancelling (by the holder with the cancel token, or by staff), capacity changes and the
 * roster. The seat decisions are `seat-rules.ts`'s; the store commits them.
 */
export function seatClaimUseCases({ store, clock, mailer }: VolunteeringDeps) {
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
    // Under `email` the seat is held for a token that only the mail carries; an `open` claim
    // answers with its cancel token at once (an `email` one gets its cancel links by mail).
    const proof =
      activity.assurance === 'email' ? { confirm: mintConfirmationToken() } : { cancel: mintLinkToken(now) };
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
      cancelTokens: proof.cancel ? [proof.cancel.issued] : [],
      title: activity.title,
      startsAt: activity.startsAt,
      endsAt: activity.endsAt,
      timeZone: activity.timeZone,
      ...(activity.location ? { location: activity.location } : {}),
      assurance: activity.assurance,
      // Public routes are the web; a claim entered by staff for a paper form or a call would say so.
      channel: defaultChannel,
      ...(proof.confirm ? { pendingTokenHash: proof.confirm.tokenHash } : {}),
      createdAt: now,
    };
    const result = await store.claimSeat(claim, now, input.skills);
    if (result.outcome === 'gone') throw new NotFoundError(`No ${nouns[kind].activity} with this ID.`);
    if (proof.confirm) {
      // The same answer for every address, whatever its history: what differs goes in the mail.
      const notice = await noticeFor(claim, result, proof.confirm.token);
      await mailer.send(claimNoticeMail(claim.contact.email, input.name, activity, notice, mailLanguage()));
      return checkYourEmailAnswer;
    }
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
    const cancelToken = proof.cancel.token;
    const link = cancelUrl(kind, claim.claimId, cancelToken);
    return {
      claimId: claim.claimId,
      activityId,
      status: result.outcome === 'waitlisted' ? ('waitlisted' as const) : ('confirmed' as const),
      ...(result.outcome === 'waitlisted' ? { position: result.position } : {}),
      cancelToken,
      ...(link ? { cancelUrl: link } : {}),
    };
  }

  /** What the mail of a sign-up under `email` says, for each outcome the answer does not tell apart. */
  async function noticeFor(claim: NewClaim, result: ClaimOutcome, token: string): Promise<ClaimNotice> {
    switch (result.outcome) {
      case 'held':
        return {
          notice: 'hold',
          until: result.holdExpiresAt,
          link: confirmationUrl(claim.kind, claim.claimId, token),
        };
      case 'confirmed':
        // Only an `open` activity confirms at once (it sends no notice); be exact all the same.
        return { notice: 'already-confirmed' };
      case 'waitlisted':
        return { notice: 'waitlisted', position: result.position };
      case 'overlap':
        return result.other ? { notice: 'overlap', other: result.other } : { notice: 'already-signed-up' };
      case 'duplicate':
        return result.existing ? alreadyNotice(result.existing) : { notice: 'already-signed-up' };
      case 'gone':
        throw new NotFoundError(`No ${nouns[claim.kind].activity} with this ID.`);
    }
  }

  /** The notice for a person asking again for what they already have (or hold, or wait for). */
  async function alreadyNotice(existing: StoredClaim): Promise<ClaimNotice> {
    if (existing.status === 'held') {
      // A fresh link: the person may have lost the first mail. Stored only while the hold is live.
      const renewed = mintConfirmationToken();
      if (await store.renewHoldToken(existing.kind, existing.claimId, renewed.tokenHash, nowIso()))
        return {
          notice: 'already-held',
          until: existing.holdExpiresAt ?? 0,
          link: confirmationUrl(existing.kind, existing.claimId, renewed.token),
        };
      const current = await store.getClaim(existing.kind, existing.claimId);
      return current && current.status !== 'held' ? alreadyNotice(current) : { notice: 'already-signed-up' };
    }
    if (existing.status === 'waitlisted')
      return { notice: 'already-waitlisted', position: await store.waitlistPosition(existing) };
    if (existing.status === 'confirmed' || existing.status === 'completed')
      return {
        notice: 'already-confirmed',
        link: await issueCancelLink(store, existing.kind, existing.claimId, nowIso()),
      };
    return { notice: 'already-signed-up' };
  }

  /** What a confirmation link confirms, in words, for its page and answer. */
  const confirmedThing = (claim: StoredClaim) => {
    const title = claim.title[mailLanguage()] ?? Object.values(claim.title)[0] ?? '';
    const when = describeTimeRange(claim.startsAt, claim.endsAt, claim.timeZone, mailLanguage());
    return messagesFor(mailLanguage()).mail.claimNotice.yourPlace({ kind: claim.kind, title, when });
  };

  /** The claim a confirmation token belongs to; a wrong token looks exactly like an unknown ID. */
  async function requireTokenHolder(kind: SeatedKind, claimId: string, token: string) {
    const claim = await store.getClaim(kind, claimId);
    if (!claim || !tokenMatches(token, claim.tokenHash))
      throw new NotFoundError(`No ${nouns[kind].claim} with this ID and confirmation token.`);
    return claim;
  }

  /** The page a confirmation link opens: reads only, so mail scanners following it confirm nothing. */
  async function viewConfirmation(kind: SeatedKind, claimId: string, token: string) {
    const claim = await requireTokenHolder(kind, claimId, token);
    const what = confirmedThing(claim);
    if (claim.confirmedAt) return { status: 'confirmed' as const, what };
    if (claim.status === 'held' && !hasLapsed({ expiresAt: claim.holdExpiresAt ?? 0 }, clock()))
      return {
        status: 'awaiting-confirmation' as const,
        what,
        expiresAt: instantOfEpochSeconds(claim.holdExpiresAt ?? 0),
      };
    return { status: 'expired' as const, what };
  }

  /**
   * Confirms the held seat: counted from now, in one conditional transaction against the clock.
   * Idempotent: a confirmed claim answers the same again. A lapsed hold is 409, and lapses now.
   */
  async function confirm(kind: SeatedKind, claimId: string, token: string) {
    const at = nowIso();
    const result = await store.confirmHold(
      kind,
      claimId,
      (claim) => tokenMatches(token, claim.tokenHash),
      at,
    );
    if (result.outcome === 'not-held')
      throw new NotFoundError(`No ${nouns[kind].claim} with this ID and confirmation token.`);
    if (result.outcome === 'expired') {
      await store.lapseHold(kind, claimId, at);
      throw confirmationExpired(
        `the seat held for ${runtimeConfig().SEAT_HOLD_MINUTES} minutes may now be someone else's`,
        'Sign up again to get a new link.',
      );
    }
    return {
      status: 'confirmed' as const,
      what: confirmedThing(result.claim),
      confirmedAt: result.claim.confirmedAt ?? at,
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
      ...(claim.status === 'held' && claim.holdExpiresAt
        ? { holdExpiresAt: instantOfEpochSeconds(claim.holdExpiresAt) }
        : {}),
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
      const answer = await claimSeat('shift', shiftId, input);
      if (!('claimId' in answer)) return answer;
      const { claimId, activityId, ...rest } = answer;
      return { signupId: claimId, shiftId: activityId, ...rest };
    },
    viewSignupConfirmation: (signupId: string, token: string) => viewConfirmation('shift', signupId, token),
    confirmSignup: (signupId: string, token: string) => confirm('shift', signupId, token),
    viewEnrolmentConfirmation: (enrolmentId: string, token: string) =>
      viewConfirmation('training', enrolmentId, token),
    confirmEnrolment: (enrolmentId: string, token: string) => confirm('training', enrolmentId, token),
    async viewSignup(signupId: string, token: string | undefined) {
      const { claimId, activityId, ...rest } = await viewClaim('shift', signupId, token);
      return { signupId: claimId, shiftId: activityId, ...rest };
    },
    cancelSignup: (signupId: string, token: string | undefined) => cancelOwn('shift', signupId, token),
    cancelSignupAsStaff: (signupId: string) => cancelAsStaff('shift', signupId),

    async roster(shiftId: string, status: ClaimStatus | undefined, page: PageRequest) {
      const activity = await requireActivity('shift', shiftId);
      const result = await store.listRoster('shift', shiftId, status, page);
      return {
        ...result,
        seats: staffSeats(activity),
        items: result.items.map((claim) => ({
          signupId: claim.claimId,
          status: claim.status,
          assurance: claim.assurance,
          ...(claim.status === 'held' && claim.holdExpiresAt
            ? { holdExpiresAt: instantOfEpochSeconds(claim.holdExpiresAt) }
            : {}),
          ...(claim.confirmedAt ? { confirmedAt: claim.confirmedAt } : {}),
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
      const answer = await claimSeat('training', sessionId, input);
      if (!('claimId' in answer)) return answer;
      const { claimId, activityId, ...rest } = answer;
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
