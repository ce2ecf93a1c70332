import { NotFoundError } from '../../shared/domain/errors';
import type { StoredClaim } from './store';
import type { VolunteeringDeps } from './use-case-support';

/** A volunteer's profile: contact, skills, shifts, training and verified hours. */
export function volunteerUseCases({ store }: VolunteeringDeps) {
  return {
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
  };
}
