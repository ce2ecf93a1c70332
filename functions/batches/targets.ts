import type { BatchIntake } from '../../shared/domain/batch-intake';
import type { BatchTarget, BatchTargetKind } from './schemas';

/** The intake of each kind of target, taking that kind's target (`intakes.ts` lists them). */
export type BatchIntakes = {
  [K in BatchTargetKind]: BatchIntake<Omit<Extract<BatchTarget, { kind: K }>, 'kind'>>;
};

/** The intake of a batch's target, with the target as that intake takes it. */
export function intakeFor(intakes: BatchIntakes, target: BatchTarget) {
  const { kind, ...rest } = target;
  return { intake: intakes[kind] as BatchIntake<typeof rest>, target: rest };
}
