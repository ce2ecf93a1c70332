import type { SeatedKind } from '../../events/volunteering';
import { runtimeConfig } from '../../shared/config/runtime';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import { matchesIssuedToken } from '../../shared/domain/link-tokens';
import { seatsHeld, seatsLeft } from '../../shared/domain/seats/rules';
import type { Principal } from '../../shared/http/route';
import type { Mailer } from '../../shared/mailer/port';
import type { Opportunity } from './schemas';
import type { StoredActivity, StoredClaim, VolunteeringStore } from './store';

/**
 * What every volunteering use case (`opportunities.ts`, `seat-claims.ts`, `attendance.ts`,
 * `training.ts`, `volunteers.ts`) is built from: the store, the clock and the read functions of
 * other contexts it needs, injected by the handler module.
 */
export interface VolunteeringDeps {
  store: VolunteeringStore;
  clock: () => Date;
  /** Sends the mail a sign-up under `email` assurance answers with (`shared/mailer/port.ts`). */
  mailer: Mailer;
  /** Participation's published read (`functions/participation/published.ts`). */
  initiativeExists: (initiativeId: string) => Promise<boolean>;
}

export const nouns: Record<SeatedKind, { activity: string; claim: string }> = {
  shift: { activity: 'shift', claim: 'sign-up' },
  training: { activity: 'training session', claim: 'enrolment' },
};

/** The city's time zone, in which days and months are reported. */
export const cityTimeZone = () => runtimeConfig().TIME_ZONE;

/** Reads that answer 404 (a `NotFoundError`) for what does not exist. */
export function lookups(store: VolunteeringStore) {
  return {
    async requireOpportunity(opportunityId: string): Promise<Opportunity> {
      const opportunity = await store.getOpportunity(opportunityId);
      if (!opportunity) throw new NotFoundError('No opportunity with this ID.');
      return opportunity;
    },

    async requireActivity(kind: SeatedKind, activityId: string): Promise<StoredActivity> {
      const activity = await store.getActivity(kind, activityId);
      if (!activity) throw new NotFoundError(`No ${nouns[kind].activity} with this ID.`);
      return activity;
    },

    async requireClaim(kind: SeatedKind, claimId: string): Promise<StoredClaim> {
      const claim = await store.getClaim(kind, claimId);
      if (!claim) throw new NotFoundError(`No ${nouns[kind].claim} with this ID.`);
      return claim;
    },

    /**
     * A claim the caller proved they hold with one of its live cancel links. A wrong, another
     * claim's or a retired token looks exactly like a missing claim (404), whatever its history.
     */
    async requireOwnClaim(kind: SeatedKind, claimId: string, token: string | undefined) {
      const claim = await store.getClaim(kind, claimId);
      if (!claim || !matchesIssuedToken(token, claim.cancelTokens))
        throw new NotFoundError(`No ${nouns[kind].claim} with this ID and cancel token.`);
      // A claim from before hashing: its raw token, just proven, gives way to its hash.
      if (claim.rawCancelTokenStored) await store.hashStoredCancelToken(kind, claimId);
      return claim;
    },
  };
}

export function staffId(principal: Principal): string {
  if (principal.kind !== 'staff') throw new Error('A staff route was reached without a staff principal');
  return principal.userId;
}

export const refusedConcurrently = () =>
  new ConflictError(
    'Someone else changed this sign-up at the same moment; reload and try again.',
    'changed-concurrently',
  );

const seatsOf = (activity: StoredActivity) => ({
  assurance: activity.assurance,
  capacity: activity.capacity,
  seatsLeft: seatsLeft(activity),
  waiting: activity.waiting,
});

/** The seats as staff see them: confirmed and held apart. */
export const staffSeats = (activity: StoredActivity) => ({
  capacity: activity.capacity,
  confirmed: activity.confirmed,
  held: seatsHeld(activity),
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

/** A new shift or training session: its details, no seats taken, every counter at zero. */
export function newActivity(
  kind: SeatedKind,
  id: string,
  createdAt: string,
  fields: Pick<
    StoredActivity,
    'initiativeId' | 'title' | 'startsAt' | 'endsAt' | 'timeZone' | 'capacity' | 'assurance'
  > &
    Partial<StoredActivity>,
): StoredActivity {
  return {
    kind,
    activityId: id,
    confirmed: 0,
    taken: 0,
    holds: {},
    waiting: 0,
    waitlistIssued: 0,
    claims: 0,
    cancellations: 0,
    promotions: 0,
    attended: 0,
    noShows: 0,
    verifiedMinutes: 0,
    completed: 0,
    createdAt,
    ...fields,
  };
}
