import { attendanceUseCases } from './attendance';
import { opportunityUseCases } from './opportunities';
import { seatClaimUseCases } from './seat-claims';
import type { VolunteeringStore } from './store';
import { trainingUseCases } from './training';
import type { VolunteeringDeps } from './use-case-support';
import { volunteerUseCases } from './volunteers';

export type { VolunteeringDeps } from './use-case-support';

/** The read functions of other contexts volunteering uses, and the mailer, injected by the handler module. */
export type VolunteeringPorts = Pick<VolunteeringDeps, 'initiativeExists' | 'mailer'>;

/**
 * The volunteering and capacity-building use cases, composed from one module per use case:
 * opportunities and shifts, seat claims, attendance and hours, training, volunteer profiles.
 * Routes call these; they call the store.
 */
export function volunteeringService(store: VolunteeringStore, clock: () => Date, ports: VolunteeringPorts) {
  const deps: VolunteeringDeps = { store, clock, ...ports };
  return {
    ...opportunityUseCases(deps),
    ...seatClaimUseCases(deps),
    ...attendanceUseCases(deps),
    ...trainingUseCases(deps),
    ...volunteerUseCases(deps),
  };
}

export type VolunteeringService = ReturnType<typeof volunteeringService>;
