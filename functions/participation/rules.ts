import type { contributionStatuses } from '../../events/participation';
import { ConflictError } from '../../shared/domain/errors';
import type { Engagement, PhaseAction, StoredEngagement } from './schemas';

type ContributionStatus = (typeof contributionStatuses)[number];

/** Where an engagement stands at `now`: its window decides, and the phase running now, if any. */
export function engagementState(
  engagement: StoredEngagement,
  now: Date,
): Pick<Engagement, 'status' | 'currentPhase'> {
  const time = now.getTime();
  const status =
    time < Date.parse(engagement.opensAt)
      ? 'upcoming'
      : time >= Date.parse(engagement.closesAt)
        ? 'closed'
        : 'open';
  const currentPhase = engagement.phases.findIndex(
    (p) => time >= Date.parse(p.startsAt) && time < Date.parse(p.endsAt),
  );
  return { status, ...(currentPhase >= 0 ? { currentPhase } : {}) };
}

/**
 * Refuses (409) what residents may not do now: anything outside the open window, and — when the
 * engagement has phases — anything the running phase does not allow.
 */
export function assertEngagementAllows(engagement: StoredEngagement, action: PhaseAction, now: Date): void {
  const { status, currentPhase } = engagementState(engagement, now);
  if (status === 'upcoming')
    throw new ConflictError(`This engagement opens at ${engagement.opensAt}.`, 'engagement-not-open');
  if (status === 'closed')
    throw new ConflictError(`This engagement closed at ${engagement.closesAt}.`, 'engagement-closed');
  if (engagement.phases.length === 0) return;
  const phase = currentPhase === undefined ? undefined : engagement.phases[currentPhase];
  if (!phase?.allows.includes(action)) {
    throw new ConflictError(
      `The current phase of this engagement does not accept ${action}.`,
      'phase-does-not-allow',
    );
  }
}

/** Statuses residents can see (and vote on); `flagged` stays visible until a coordinator decides. */
export const visibleStatuses: readonly ContributionStatus[] = ['published', 'flagged'];

export const isVisible = (status: ContributionStatus) => visibleStatuses.includes(status);

export const statusAfterModeration = {
  hide: 'hidden',
  publish: 'published',
  flag: 'flagged',
} as const satisfies Record<string, ContributionStatus>;
