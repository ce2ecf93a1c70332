import { z } from 'zod';
import { PetitionClosed, PetitionResponseOverdue } from '../../events/petitions';
import { type RuntimeConfig, runtimeConfig } from '../../shared/config/runtime';
import { domainEvent } from '../../shared/domain/domain-event';
import { newId } from '../../shared/domain/ids';
import type { Mailer } from '../../shared/mailer/port';
import { reminderTime } from './rules';
import { responseReminderMail } from './staff-mail';
import type { PetitionsStore } from './store';
import { afterCountingCheck } from './thresholds';

/**
 * A petition's deadlines: its closing date, and once `response` is reached the city's deadline to
 * answer, with a reminder to the petitions team before it. Each is a one-time schedule
 * (`petition-deadline`, made by the `petition-schedules` consumer from the events that set the
 * dates) that fires once at its time; what it does checks the petition first, so a schedule that
 * fires late, twice, or after the answer does nothing wrong.
 */

export const deadlineSteps = ['close', 'remind', 'overdue'] as const;
export type DeadlineStep = (typeof deadlineSteps)[number];

/** What a one-time schedule hands the `petition-deadline` job. */
export const deadlinePayload = z.object({
  petitionId: z.string().min(1).max(40),
  step: z.enum(deadlineSteps),
});
export type DeadlinePayload = z.output<typeof deadlinePayload>;

/** A schedule's name: one per petition and step, so making it again (a redelivered event) makes nothing new. */
export const deadlineScheduleName = (petitionId: string, step: DeadlineStep) =>
  `petition-${petitionId}-${step}`;

/** One schedule to make or cancel, as the `petition-schedules` consumer reads an event. */
export type SchedulePlan =
  | { kind: 'schedule'; step: DeadlineStep; at: Date }
  | { kind: 'cancel'; step: DeadlineStep };

/** The schedules an event makes or cancels. */
export function schedulesFor(
  event: { 'detail-type': string; detail: unknown },
  config: Pick<RuntimeConfig, 'PETITIONS'>,
): { petitionId: string; plans: SchedulePlan[] } | undefined {
  const detail = event.detail as { petitionId?: string; closesAt?: string; dueAt?: string };
  if (!detail.petitionId) return undefined;
  switch (event['detail-type']) {
    case 'PetitionPublished':
      return detail.closesAt
        ? {
            petitionId: detail.petitionId,
            plans: [{ kind: 'schedule', step: 'close', at: new Date(detail.closesAt) }],
          }
        : undefined;
    case 'PetitionResponseDue': {
      if (!detail.dueAt) return undefined;
      const dueAt = new Date(detail.dueAt);
      return {
        petitionId: detail.petitionId,
        plans: [
          { kind: 'schedule', step: 'remind', at: reminderTime(dueAt, config.PETITIONS) },
          { kind: 'schedule', step: 'overdue', at: dueAt },
        ],
      };
    }
    case 'PetitionAnswered':
      // Answered: the reminder and the overdue mark have nothing left to do.
      return {
        petitionId: detail.petitionId,
        plans: [
          { kind: 'cancel', step: 'remind' },
          { kind: 'cancel', step: 'overdue' },
        ],
      };
    default:
      return undefined;
  }
}

export type DeadlineOutcome = 'done' | 'nothing-to-do';

/** What each step does when its schedule fires. */
export function petitionDeadlines(
  store: PetitionsStore,
  deps: { mailer: Mailer; config?: () => Pick<RuntimeConfig, 'PETITIONS' | 'TIME_ZONE'> },
) {
  const config = deps.config ?? runtimeConfig;
  return {
    async run({ petitionId, step }: DeadlinePayload, now: Date): Promise<DeadlineOutcome> {
      const petition = await store.getPetition(petitionId);
      if (!petition) return 'nothing-to-do';
      const base = {
        eventId: newId(),
        occurredAt: now.toISOString(),
        petitionId,
        ...(petition.initiativeId ? { initiativeId: petition.initiativeId } : {}),
      };
      switch (step) {
        case 'close': {
          if (petition.status !== 'published' || !petition.closesAt || new Date(petition.closesAt) > now)
            return 'nothing-to-do';
          // A confirmation whose function stopped between counting and its threshold check leaves
          // the crossing unrecorded; the last look before the count is final records it.
          await afterCountingCheck(store, () => config().PETITIONS)(petitionId, now);
          const { total } = await store.counts(petitionId);
          const closed = await store.close(
            petitionId,
            now.toISOString(),
            domainEvent(PetitionClosed, { ...base, signatures: total }),
          );
          return closed ? 'done' : 'nothing-to-do';
        }
        case 'remind': {
          if (!petition.responseDueAt || petition.response) return 'nothing-to-do';
          const recipients = config().PETITIONS.staffEmails;
          // Claimed before sending: a second firing sends nothing, a crash after the claim loses one reminder rather than repeating it.
          if (
            recipients.length === 0 ||
            !(await store.claimStep(petitionId, 'response-reminder', now.toISOString()))
          )
            return 'nothing-to-do';
          for (const to of recipients)
            await deps.mailer.send(responseReminderMail(to, petition, config().TIME_ZONE));
          return 'done';
        }
        case 'overdue': {
          if (!petition.responseDueAt || petition.response || new Date(petition.responseDueAt) > now)
            return 'nothing-to-do';
          const marked = await store.markOverdue(
            petitionId,
            now.toISOString(),
            domainEvent(PetitionResponseOverdue, { ...base, dueAt: petition.responseDueAt }),
          );
          return marked ? 'done' : 'nothing-to-do';
        }
      }
    },
  };
}
