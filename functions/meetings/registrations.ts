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
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import { matchesIssuedToken, mintLinkToken } from '../../shared/domain/link-tokens';
import { normalizeEmail } from '../../shared/domain/participant';
import type { Principal } from '../../shared/http/route';
import {
  accommodationAnswerMail,
  confirmedThing,
  type RegistrationNotice,
  registrationNoticeMail,
} from './mail';
import { meetingUseCases } from './meetings';
import { confirmationUrl, registrationMailing } from './registration-mail';
import type { RegistrationInput } from './schemas';
import type { ClaimOutcome, NewRegistration, StoredRegistration } from './store';
import { type MeetingsDeps, mailLanguage } from './use-case-support';

const isCoordinator = (principal: Principal) =>
  principal.kind === 'staff' && principal.roles.some((role) => role === 'coordinator' || role === 'admin');

/**
 * Registrations on the shared seat mechanism: registering (a seat, a hold under `email`, or the
 * waitlist), the confirmation link, the registrant's view and cancellation (the freed seat goes to
 * the first person waiting), accommodation requests and their answers, and attendance.
 */
export function registrationUseCases(deps: MeetingsDeps) {
  const { store, clock, mailer } = deps;
  const { requireMeeting } = meetingUseCases(deps);
  const { mailConfirmed } = registrationMailing(deps);
  const nowIso = () => clock().toISOString();

  async function requireRegistration(registrationId: string): Promise<StoredRegistration> {
    const registration = await store.getRegistration(registrationId);
    if (!registration) throw new NotFoundError('No registration with this ID.');
    return registration;
  }

  /** A registration the caller proved they hold with a live cancel link; anything else looks missing. */
  async function requireOwnRegistration(registrationId: string, token: string | undefined) {
    const registration = await store.getRegistration(registrationId);
    if (!registration || !matchesIssuedToken(token, registration.cancelTokens))
      throw new NotFoundError('No registration with this ID and cancel token.');
    return registration;
  }

  async function noticeFor(
    claim: NewRegistration,
    result: ClaimOutcome,
    token: string,
  ): Promise<RegistrationNotice> {
    switch (result.outcome) {
      case 'held':
        return { notice: 'hold', until: result.holdExpiresAt, link: confirmationUrl(claim.claimId, token) };
      case 'waitlisted':
        return { notice: 'waitlisted', position: result.position };
      case 'confirmed':
        return { notice: 'already-confirmed' };
      case 'duplicate':
      case 'overlap': {
        const existing = result.outcome === 'duplicate' ? result.existing : result.other;
        return existing ? alreadyNotice(existing) : { notice: 'already-registered' };
      }
      case 'gone':
        throw new NotFoundError('No meeting with this ID.');
    }
  }

  /** What a person asking again for what they have is told (a fresh link to a live hold). */
  async function alreadyNotice(existing: StoredRegistration): Promise<RegistrationNotice> {
    if (existing.status === 'held') {
      const renewed = mintConfirmationToken();
      if (await store.renewHoldToken(existing.claimId, renewed.tokenHash, nowIso()))
        return {
          notice: 'already-held',
          until: existing.holdExpiresAt ?? 0,
          link: confirmationUrl(existing.claimId, renewed.token),
        };
      return { notice: 'already-registered' };
    }
    if (existing.status === 'waitlisted')
      return { notice: 'already-waitlisted', position: await store.waitlistPosition(existing) };
    if (existing.status === 'confirmed') return { notice: 'already-confirmed' };
    return { notice: 'already-registered' };
  }

  async function release(registrationId: string, by: 'registrant' | 'staff') {
    const at = nowIso();
    const result = await store.releaseSeat(registrationId, by, at);
    if (result.outcome === 'gone') throw new NotFoundError('No registration with this ID.');
    if (result.outcome === 'not-active')
      throw new ConflictError(`This registration is already ${result.status}.`, 'not-active');
    return { status: 'cancelled' as const, cancelledAt: at, promoted: result.promoted };
  }

  return {
    /**
     * Registers a person. Under `email` the answer is the same for every address (what differs is
     * mailed); under `open` it says where they stand, and a confirmed place is mailed with its invite.
     */
    async register(meetingId: string, input: RegistrationInput) {
      const meeting = await requireMeeting(meetingId);
      if (Date.parse(meeting.startsAt) <= clock().getTime())
        throw new ConflictError('This meeting has already started.', 'already-started');
      const hash = await participantIdentity(input.email);
      const now = nowIso();
      const proof =
        meeting.assurance === 'email' ? { confirm: mintConfirmationToken() } : { cancel: mintLinkToken(now) };
      const claim: NewRegistration = {
        kind: 'meeting',
        claimId: newId(),
        activityId: meetingId,
        engagementId: meeting.engagementId,
        initiativeId: meeting.initiativeId,
        participantHash: hash,
        contact: {
          name: input.name,
          email: normalizeEmail(input.email),
          ...(input.phone ? { phone: input.phone } : {}),
          consentToContact: input.consentToContact,
        },
        ...(input.accommodations && Object.keys(input.accommodations).length > 0
          ? { accommodations: input.accommodations }
          : {}),
        cancelTokens: proof.cancel ? [proof.cancel.issued] : [],
        title: meeting.title,
        startsAt: meeting.startsAt,
        endsAt: meeting.endsAt,
        timeZone: meeting.timeZone,
        assurance: meeting.assurance,
        // Public routes are the web; staff-entered registrations (paper, phone) come through batches.
        channel: defaultChannel,
        ...(proof.confirm ? { pendingTokenHash: proof.confirm.tokenHash } : {}),
        createdAt: now,
      };
      const result = await store.claimSeat(claim, now);
      if (result.outcome === 'gone') throw new NotFoundError('No meeting with this ID.');
      if (proof.confirm) {
        const notice = await noticeFor(claim, result, proof.confirm.token);
        await mailer.send(
          registrationNoticeMail(claim.contact.email, input.name, meeting, notice, mailLanguage()),
        );
        return checkYourEmailAnswer;
      }
      if (result.outcome === 'duplicate' || result.outcome === 'overlap')
        throw new ConflictError('This person is already registered for this meeting.', 'already-registered');
      if (result.outcome === 'confirmed') {
        const stored = await store.getRegistration(claim.claimId);
        if (stored) await mailConfirmed(stored, meeting);
      }
      return {
        registrationId: claim.claimId,
        meetingId,
        status: result.outcome === 'waitlisted' ? ('waitlisted' as const) : ('confirmed' as const),
        ...(result.outcome === 'waitlisted' ? { position: result.position } : {}),
        cancelToken: proof.cancel.token,
      };
    },

    /** The page a confirmation link opens: reads only, so mail scanners confirm nothing. */
    async viewConfirmation(registrationId: string, token: string) {
      const registration = await store.getRegistration(registrationId);
      if (!registration || !tokenMatches(token, registration.tokenHash))
        throw new NotFoundError('No registration with this ID and confirmation token.');
      const what = confirmedThing(registration, mailLanguage());
      if (registration.confirmedAt) return { status: 'confirmed' as const, what };
      if (
        registration.status === 'held' &&
        !hasLapsed({ expiresAt: registration.holdExpiresAt ?? 0 }, clock())
      )
        return {
          status: 'awaiting-confirmation' as const,
          what,
          expiresAt: instantOfEpochSeconds(registration.holdExpiresAt ?? 0),
        };
      return { status: 'expired' as const, what };
    },

    /** Confirms the held seat (idempotent); the confirmation mail with the invite follows once. */
    async confirm(registrationId: string, token: string) {
      const at = nowIso();
      const result = await store.confirmHold(
        registrationId,
        (registration) => tokenMatches(token, registration.tokenHash),
        at,
      );
      if (result.outcome === 'not-held')
        throw new NotFoundError('No registration with this ID and confirmation token.');
      if (result.outcome === 'expired') {
        await store.lapseHold(registrationId, at);
        throw confirmationExpired(
          `the place held for ${runtimeConfig().SEAT_HOLD_MINUTES} minutes may now be someone else's`,
          'Register again to get a new link.',
        );
      }
      if (result.claim.confirmedAt === at) {
        const meeting = await store.getMeeting(result.claim.activityId);
        if (meeting) await mailConfirmed(result.claim, meeting);
      }
      return {
        status: 'confirmed' as const,
        what: confirmedThing(result.claim, mailLanguage()),
        confirmedAt: result.claim.confirmedAt ?? at,
      };
    },

    async viewRegistration(registrationId: string, token: string | undefined) {
      const registration = await requireOwnRegistration(registrationId, token);
      const position =
        registration.status === 'waitlisted' ? await store.waitlistPosition(registration) : undefined;
      return {
        registrationId,
        meetingId: registration.activityId,
        status: registration.status,
        ...(position ? { position } : {}),
        startsAt: registration.startsAt,
        endsAt: registration.endsAt,
        timeZone: registration.timeZone,
      };
    },

    /** By the registrant (cancel token) or a coordinator; the freed seat goes to the first person waiting. */
    async cancel(registrationId: string, token: string | undefined, principal: Principal) {
      if (isCoordinator(principal)) {
        await requireRegistration(registrationId);
        return release(registrationId, 'staff');
      }
      const registration = await requireOwnRegistration(registrationId, token);
      if (registration.status === 'confirmed' && Date.parse(registration.startsAt) <= clock().getTime())
        throw new ConflictError('This meeting has already started; ask its coordinator.', 'already-started');
      return release(registrationId, 'registrant');
    },

    /** The needs of confirmed and waitlisted registrants, counted per need, without names. */
    async accommodations(meetingId: string) {
      await requireMeeting(meetingId);
      const registrations = await store.activeRegistrations(meetingId);
      const summary = {
        meetingId,
        registrations: registrations.length,
        interpreters: {} as Record<string, number>,
        signLanguage: 0,
        childcare: { registrations: 0, children: 0 },
        stepFreeAccess: 0,
        other: [] as string[],
      };
      const byArrival = [...registrations].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      for (const { accommodations: needs } of byArrival) {
        if (!needs) continue;
        for (const language of new Set(needs.interpreterLanguages ?? []))
          summary.interpreters[language] = (summary.interpreters[language] ?? 0) + 1;
        if (needs.signLanguage) summary.signLanguage++;
        if (needs.childcare) {
          summary.childcare.registrations++;
          summary.childcare.children += needs.childcare.children;
        }
        if (needs.stepFreeAccess) summary.stepFreeAccess++;
        if (needs.other) summary.other.push(needs.other);
      }
      return summary;
    },

    /** Records the coordinator's answer; mails it when the request is not met, or met with a note. */
    async answerAccommodation(registrationId: string, input: { met: boolean; message?: string | undefined }) {
      const registration = await requireRegistration(registrationId);
      if (!registration.accommodations)
        throw new ConflictError('This registration asked for no accommodation.', 'no-request');
      const answeredAt = nowIso();
      await store.recordAccommodationAnswer(registrationId, { ...input, answeredAt });
      const mailed = (!input.met || input.message !== undefined) && registration.contact.email !== '';
      if (mailed) await mailer.send(accommodationAnswerMail(registration, input, mailLanguage()));
      return { registrationId, met: input.met, mailed, answeredAt };
    },

    /** Attendance: a confirmed registration, once the meeting is under way (or within its day). */
    async checkIn(registrationId: string, at: string | undefined) {
      const registration = await requireRegistration(registrationId);
      if (registration.attendedAt)
        return { registrationId, meetingId: registration.activityId, attendedAt: registration.attendedAt };
      if (registration.status !== 'confirmed')
        throw new ConflictError(
          `This registration is ${registration.status}; only a confirmed one attends.`,
          'not-confirmed',
        );
      const attendedAt = at ? new Date(at).toISOString() : nowIso();
      if (!(await store.checkIn(registration, attendedAt))) {
        const current = await requireRegistration(registrationId);
        if (current.attendedAt)
          return { registrationId, meetingId: current.activityId, attendedAt: current.attendedAt };
        throw new ConflictError(
          `This registration is ${current.status}; only a confirmed one attends.`,
          'not-confirmed',
        );
      }
      return { registrationId, meetingId: registration.activityId, attendedAt };
    },
  };
}
