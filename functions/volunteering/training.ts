import { TrainingCompleted } from '../../events/volunteering';
import { domainEvent } from '../../shared/domain/domain-event';
import { ConflictError, InvalidFieldError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { PageRequest } from '../../shared/domain/page';
import type { TrainingSessionInput } from './schemas';
import {
  cityTimeZone,
  lookups,
  newActivity,
  refusedConcurrently,
  trainingSessionView,
  type VolunteeringDeps,
} from './use-case-support';

/**
 * Capacity building: training sessions and workshops (seats and waitlist as for shifts, in
 * `seat-claims.ts`) and their completion, which adds the session's skills to the participant's profile.
 */
export function trainingUseCases({ store, clock, initiativeExists }: VolunteeringDeps) {
  const { requireActivity, requireClaim } = lookups(store);
  const nowIso = () => clock().toISOString();

  return {
    async createTrainingSession(input: TrainingSessionInput) {
      if (!(await initiativeExists(input.initiativeId)))
        throw new InvalidFieldError('body.initiativeId', 'No initiative with this ID.');
      const session = newActivity('training', newId(), nowIso(), {
        initiativeId: input.initiativeId,
        title: input.title,
        ...(input.description ? { description: input.description } : {}),
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        timeZone: input.timeZone,
        capacity: input.capacity,
        assurance: input.assurance,
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
      const event = domainEvent(TrainingCompleted, {
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
  };
}
