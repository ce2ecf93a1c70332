import { meetingUseCases } from './meetings';
import { registrationMailing } from './registration-mail';
import { registrationUseCases } from './registrations';
import type { MeetingsStore } from './store';
import type { MeetingsDeps } from './use-case-support';

export type { MeetingsDeps } from './use-case-support';

/** The meetings use cases: scheduling and reading meetings, registrations, accommodations, attendance. */
export function meetingsService(
  store: MeetingsStore,
  clock: () => Date,
  ports: Pick<MeetingsDeps, 'mailer' | 'engagementInitiative'>,
) {
  const deps: MeetingsDeps = { store, clock, ...ports };
  const { requireMeeting: _internal, ...meetings } = meetingUseCases(deps);
  const { notifyPromotion, sendReminders } = registrationMailing(deps);
  return { ...meetings, ...registrationUseCases(deps), notifyPromotion, sendReminders };
}

export type MeetingsService = ReturnType<typeof meetingsService>;
