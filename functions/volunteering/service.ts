import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  TrainingCompleted,
  VolunteerCheckedIn,
  VolunteerHoursVerified,
  VolunteerNoShow,
} from '../../events/volunteering';
import { runtimeConfig } from '../../shared/config/runtime';
import { participantHashKey } from '../../shared/config/secrets';
import { initiativeExists } from '../../shared/db/initiatives';
import type { SeatedKind } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { Page, PageRequest } from '../../shared/domain/page';
import { normalizeEmail, participantHash } from '../../shared/domain/participant';
import type { Principal } from '../../shared/http/route';
import { dynamoVolunteeringStore } from './dynamo-store';
import { volunteerIdFor } from './identity';
import { cancelUrl } from './links';
import type {
  ClaimantInput,
  ClaimStatus,
  HoursInput,
  Opportunity,
  OpportunityInput,
  ShiftInput,
  TrainingSessionInput,
} from './schemas';
import type {
  NewClaim,
  ReleaseOutcome,
  StoredActivity,
  StoredClaim,
  StoredHoursEntry,
  VolunteeringStore,
} from './store';
import { minutesBetween } from './time';

const nouns: Record<SeatedKind, { activity: string; claim: string }> = {
  shift: { activity: 'shift', claim: 'sign-up' },
  training: { activity: 'training session', claim: 'enrolment' },
};

/** Attendance may be recorded from 12 hours before a shift starts until 12 hours after it ends. */
const ATTENDANCE_MARGIN_MS = 12 * 3_600_000;

const rankCursor = z.object({ n: z.number().int().positive(), id: z.string() });

function encodeRankCursor(position: { n: number; id: string }): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decodeRankCursor(cursor: string | undefined): { n: number; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    return rankCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidFieldError('query.cursor', 'Not a cursor this list issued.');
  }
}

/** Constant-time comparison, so response times say nothing about how much of a token was right. */
function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const seatsOf = (activity: StoredActivity) => ({
  capacity: activity.capacity,
  seatsLeft: Math.max(0, activity.capacity - activity.confirmed),
  waiting: activity.waiting,
});

export const shiftView = (activity: StoredActivity) => ({
  shiftId: activity.activityId,
  opportunityId: activity.opportunityId ?? '',
  initiativeId: activity.initiativeId,
  title: activity.title,
  startsAt: activity.startsAt,
  endsAt: activity.endsAt,
  timeZone: activity.timeZone,
  ...(activity.location ? { location: activity.location } : {}),
  ...seatsOf(activity),
  createdAt: activity.createdAt,
});

export const trainingSessionView = (activity: StoredActivity) => ({
  sessionId: activity.activityId,
  initiativeId: activity.initiativeId,
  title: activity.title,
  ...(activity.description ? { description: activity.description } : {}),
  startsAt: activity.startsAt,
  endsAt: activity.endsAt,
  timeZone: activity.timeZone,
  ...(activity.location ? { location: activity.location } : {}),
  skillsGained: activity.skillsGained ?? [],
  ...seatsOf(activity),
  completed: activity.completed,
  createdAt: activity.createdAt,
});

/** The volunteering and capacity-building use cases. Routes call these; they call the store. */
export function volunteeringService(
  store: VolunteeringStore = dynamoVolunteeringStore,
  clock: () => Date = () => new Date(),
) {
  const nowIso = () => clock().toISOString();
  const table = () => runtimeConfig().TABLE_NAME;
  const cityTimeZone = () => runtimeConfig().TIME_ZONE;

  async function requireOpportunity(opportunityId: string): Promise<Opportunity> {
    const opportunity = await store.getOpportunity(opportunityId);
    if (!opportunity) throw new NotFoundError('No opportunity with this ID.');
    return opportunity;
  }

  async function requireActivity(kind: SeatedKind, activityId: string): Promise<StoredActivity> {
    const activity = await store.getActivity(kind, activityId);
    if (!activity) throw new NotFoundError(`No ${nouns[kind].activity} with this ID.`);
    return activity;
  }

  async function requireClaim(kind: SeatedKind, claimId: string): Promise<StoredClaim> {
    const claim = await store.getClaim(kind, claimId);
    if (!claim) throw new NotFoundError(`No ${nouns[kind].claim} with this ID.`);
    return claim;
  }

  /** A claim the caller proved they hold; a wrong token looks exactly like a missing claim. */
  async function requireOwnClaim(kind: SeatedKind, claimId: string, token: string | undefined) {
    const claim = await store.getClaim(kind, claimId);
    if (!claim || !sameToken(token, claim.cancelToken))
      throw new NotFoundError(`No ${nouns[kind].claim} with this ID and cancel token.`);
    return claim;
  }

  function newActivity(
    kind: SeatedKind,
    fields: Pick<StoredActivity, 'initiativeId' | 'title' | 'startsAt' | 'endsAt' | 'timeZone' | 'capacity'> &
      Partial<StoredActivity>,
  ): StoredActivity {
    return {
      kind,
      activityId: newId(),
      confirmed: 0,
      waiting: 0,
      waitlistIssued: 0,
      claims: 0,
      cancellations: 0,
      promotions: 0,
      attended: 0,
      noShows: 0,
      verifiedMinutes: 0,
      completed: 0,
      createdAt: nowIso(),
      ...fields,
    };
  }

  async function claimSeat(kind: SeatedKind, activityId: string, input: ClaimantInput) {
    const activity = await requireActivity(kind, activityId);
    if (Date.parse(activity.startsAt) <= clock().getTime())
      throw new ConflictError(`This ${nouns[kind].activity} has already started.`, 'already-started');
    if (activity.minimumAge !== undefined && input.confirmsMinimumAge !== true)
      throw new InvalidFieldError(
        'body.confirmsMinimumAge',
        `Volunteers must be at least ${activity.minimumAge} years old; confirm it to sign up.`,
      );
    const hash = participantHash(input.email, await participantHashKey());
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

  function staffId(principal: Principal): string {
    if (principal.kind !== 'staff') throw new Error('A staff route was reached without a staff principal');
    return principal.userId;
  }

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

  const attendanceView = (claim: StoredClaim) => ({
    signupId: claim.claimId,
    status: claim.status,
    ...(claim.checkedInAt ? { checkedInAt: claim.checkedInAt } : {}),
    ...(claim.checkedOutAt ? { checkedOutAt: claim.checkedOutAt } : {}),
    ...(claim.minutes !== undefined ? { minutes: claim.minutes } : {}),
    ...(claim.noShowAt ? { noShowAt: claim.noShowAt } : {}),
  });

  const refusedConcurrently = () =>
    new ConflictError(
      'Someone else changed this sign-up at the same moment; reload and try again.',
      'changed-concurrently',
    );

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
    async createOpportunity(input: OpportunityInput): Promise<Opportunity> {
      if (!(await initiativeExists(input.initiativeId)))
        throw new InvalidFieldError('body.initiativeId', 'No initiative with this ID.');
      const opportunity: Opportunity = { opportunityId: newId(), ...input, createdAt: nowIso() };
      await store.putOpportunity(opportunity);
      return opportunity;
    },

    getOpportunity: requireOpportunity,

    /**
     * Without `skills`: every opportunity (or an initiative's), oldest first. With `skills`: those
     * wanting at least one of them, most shared skills first, then oldest first.
     */
    async listOpportunities(
      filter: { initiativeId?: string | undefined; skills?: string[] | undefined },
      page: PageRequest,
    ): Promise<Page<Opportunity & { matchedSkills?: string[] }>> {
      if (!filter.skills) return store.listOpportunities({ initiativeId: filter.initiativeId }, page);
      const after = decodeRankCursor(page.cursor);
      const ranked = [...(await store.opportunitiesWantingSkills(filter.skills))]
        .filter(([, match]) => !filter.initiativeId || match.initiativeId === filter.initiativeId)
        .map(([id, match]) => ({ id, n: match.skills.length, skills: match.skills }))
        .sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .filter((entry) => !after || entry.n < after.n || (entry.n === after.n && entry.id > after.id));
      const chosen = ranked.slice(0, page.limit);
      const opportunities = await store.getOpportunities(chosen.map((entry) => entry.id));
      const matched = new Map(chosen.map((entry) => [entry.id, entry.skills]));
      const last = chosen.at(-1);
      return {
        items: opportunities.map((o) => ({ ...o, matchedSkills: matched.get(o.opportunityId) ?? [] })),
        ...(ranked.length > chosen.length && last ? { nextCursor: encodeRankCursor(last) } : {}),
      };
    },

    async createShift(opportunityId: string, input: ShiftInput) {
      const opportunity = await requireOpportunity(opportunityId);
      const location = input.location ?? opportunity.location;
      const shift = newActivity('shift', {
        initiativeId: opportunity.initiativeId,
        opportunityId,
        title: opportunity.title,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        timeZone: input.timeZone,
        capacity: input.capacity,
        ...(location ? { location } : {}),
        ...(opportunity.minimumAge !== undefined ? { minimumAge: opportunity.minimumAge } : {}),
      });
      await store.putActivity(shift, cityTimeZone());
      return shiftView(shift);
    },

    async listShifts(opportunityId: string, page: PageRequest) {
      await requireOpportunity(opportunityId);
      const result = await store.listShifts(opportunityId, page);
      return { ...result, items: result.items.map(shiftView) };
    },

    getShift: async (shiftId: string) => shiftView(await requireActivity('shift', shiftId)),
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

    async checkIn(signupId: string, input: { at?: string | undefined }) {
      const at = input.at ?? nowIso();
      const claim = await attendableShiftSignup(signupId, at);
      if (claim.checkedInAt)
        throw new ConflictError('This volunteer is already checked in.', 'already-checked-in');
      const event = outboxPut(table(), VolunteerCheckedIn, { ...eventBase(claim), checkedInAt: at });
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
      const event = outboxPut(table(), VolunteerHoursVerified, {
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
      const result = await store.markNoShow(claim, at, outboxPut(table(), VolunteerNoShow, eventBase(claim)));
      if (result.outcome !== 'changed') throw refusedConcurrently();
      return attendanceView(result.claim);
    },

    async createTrainingSession(input: TrainingSessionInput) {
      if (!(await initiativeExists(input.initiativeId)))
        throw new InvalidFieldError('body.initiativeId', 'No initiative with this ID.');
      const session = newActivity('training', {
        initiativeId: input.initiativeId,
        title: input.title,
        ...(input.description ? { description: input.description } : {}),
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        timeZone: input.timeZone,
        capacity: input.capacity,
        ...(input.location ? { location: input.location } : {}),
        skillsGained: input.skillsGained,
      });
      await store.putActivity(session, cityTimeZone());
      return trainingSessionView(session);
    },

    async listTrainingSessions(page: PageRequest) {
      const result = await store.listTrainingSessions(page);
      return { ...result, items: result.items.map(trainingSessionView) };
    },
    getTrainingSession: async (sessionId: string) =>
      trainingSessionView(await requireActivity('training', sessionId)),
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

    /** Completion adds the session's skills to the participant's profile and counts for the initiative. */
    async completeTraining(enrolmentId: string) {
      const claim = await requireClaim('training', enrolmentId);
      if (claim.status !== 'confirmed')
        throw new ConflictError(`This enrolment is ${claim.status}, not confirmed.`, 'not-confirmed');
      if (clock().getTime() < Date.parse(claim.startsAt))
        throw new ConflictError('The session has not started yet.', 'not-started');
      const session = await requireActivity('training', claim.activityId);
      const skills = session.skillsGained ?? [];
      const at = nowIso();
      const event = outboxPut(table(), TrainingCompleted, {
        eventId: newId(),
        occurredAt: at,
        enrolmentId,
        sessionId: claim.activityId,
        initiativeId: claim.initiativeId,
        volunteerId: claim.volunteerId,
        skills,
      });
      const result = await store.completeTraining(claim, skills, at, event);
      if (result.outcome !== 'changed') throw refusedConcurrently();
      return {
        enrolmentId,
        sessionId: claim.activityId,
        status: 'completed' as const,
        completedAt: at,
        skills,
      };
    },

    async getVolunteer(volunteerId: string) {
      const volunteer = await store.getVolunteer(volunteerId);
      if (!volunteer) throw new NotFoundError('No volunteer with this ID.');
      const [claims, hours] = await Promise.all([
        store.listVolunteerClaims(volunteerId),
        store.listHoursEntries(volunteerId),
      ]);
      const times = [
        ...claims.flatMap((c) => [c.createdAt, c.checkedInAt, c.checkedOutAt, c.completedAt]),
        ...hours.flatMap((h) => [h.startedAt, h.endedAt]),
      ].filter((time): time is string => time !== undefined);
      const byInstant = [...times].sort((a, b) => Date.parse(a) - Date.parse(b));
      const common = (c: StoredClaim) => ({
        title: c.title,
        initiativeId: c.initiativeId,
        status: c.status,
        startsAt: c.startsAt,
        endsAt: c.endsAt,
        timeZone: c.timeZone,
        createdAt: c.createdAt,
      });
      const byStart = (a: StoredClaim, b: StoredClaim) => Date.parse(a.startsAt) - Date.parse(b.startsAt);
      return {
        volunteerId,
        contact: volunteer.contact,
        skills: volunteer.skills,
        trainedSkills: volunteer.trainedSkills,
        shifts: claims
          .filter((c) => c.kind === 'shift')
          .sort(byStart)
          .map((c) => ({
            signupId: c.claimId,
            shiftId: c.activityId,
            opportunityId: c.opportunityId ?? '',
            ...common(c),
            ...(c.checkedInAt ? { checkedInAt: c.checkedInAt } : {}),
            ...(c.checkedOutAt ? { checkedOutAt: c.checkedOutAt } : {}),
            ...(c.minutes !== undefined ? { minutes: c.minutes } : {}),
          })),
        trainings: claims
          .filter((c) => c.kind === 'training')
          .sort(byStart)
          .map((c) => ({
            enrolmentId: c.claimId,
            sessionId: c.activityId,
            ...common(c),
            ...(c.completedAt ? { completedAt: c.completedAt } : {}),
          })),
        hours: hours.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt)),
        verifiedMinutes: volunteer.verifiedMinutes,
        verifiedHours: Math.round((volunteer.verifiedMinutes / 60) * 100) / 100,
        ...(byInstant[0] ? { firstActivityAt: byInstant[0] } : {}),
        ...(byInstant.at(-1) ? { lastActivityAt: byInstant.at(-1) } : {}),
      };
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
      const event = outboxPut(table(), VolunteerHoursVerified, {
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
