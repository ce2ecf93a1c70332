import type { PartnershipStatus } from '../../events/partnerships';
import { ConflictError } from '../../shared/domain/errors';

/** Open partnerships (proposed, active, paused) can still change, and so can need attention; closed ones are history. */
export type PartnershipStage = 'open' | 'closed';

/**
 * The partnership lifecycle: proposed → active → (paused ↔ active) → completed | ended. A
 * proposal that does not go ahead is ended. Completed and ended are final.
 */
export const allowedTransitions: Readonly<Record<PartnershipStatus, readonly PartnershipStatus[]>> = {
  proposed: ['active', 'ended'],
  active: ['paused', 'completed', 'ended'],
  paused: ['active', 'completed', 'ended'],
  completed: [],
  ended: [],
};

/** Open partnerships can still change, and so can need attention; closed ones are history. */
export function stageOf(status: PartnershipStatus): PartnershipStage {
  return allowedTransitions[status].length > 0 ? 'open' : 'closed';
}

/** Throws 409 unless a partnership may move from `from` to `to`. */
export function assertTransition(from: PartnershipStatus, to: PartnershipStatus): void {
  if (allowedTransitions[from].includes(to)) return;
  const next = allowedTransitions[from];
  throw new ConflictError(
    next.length === 0
      ? `This partnership is ${from}; that is final, so it cannot become ${to}.`
      : `A ${from} partnership cannot become ${to}; it can become: ${next.join(', ')}.`,
    'invalid-transition',
  );
}
