import { addDays } from 'date-fns';
import type { PetitionsConfig } from '../../shared/config/petitions';
import { everyPage } from '../../shared/domain/page';
import { reminderTime } from './rules';
import type { StoredPetition } from './schemas';
import type { PetitionsStore } from './store';

/**
 * The petitions staff should act on now, for the digest: those waiting for moderation longer than
 * the city allows (`petitions.moderationOverdueDays`), and those whose answer is overdue or due
 * within the reminder window (`petitions.reminderDaysBefore`). Read through `published.ts`; the
 * storage is `dynamo-attention.ts`.
 */

export const petitionAttentionReasons = [
  /** Waiting for staff to publish or reject it longer than the city allows. */
  'moderation-overdue',
  /** The city's answer is past its deadline. */
  'response-overdue',
  /** The city's answer is due within the reminder window. */
  'response-due-soon',
] as const;
export type PetitionAttentionReason = (typeof petitionAttentionReasons)[number];

export interface PetitionNeedingAttention {
  petitionId: string;
  title: string;
  initiativeId?: string;
  reason: PetitionAttentionReason;
  /** `moderation-overdue`: when it began waiting for moderation (ISO instant). */
  waitingSince?: string;
  /** `response-*`: the answer's deadline (ISO instant). */
  dueAt?: string;
}

/** What the attention list reads: the moderation queue (PE3) and the petitions awaiting an answer. */
export interface AttentionStore extends Pick<PetitionsStore, 'petitionsInStatus'> {
  /**
   * Published and closed petitions whose `response` threshold started a deadline and that have
   * no answer yet, however far that deadline is.
   */
  petitionsAwaitingAnswer(): Promise<StoredPetition[]>;
}

export function petitionAttention(store: AttentionStore, settings: () => PetitionsConfig) {
  const linked = (petition: StoredPetition) =>
    petition.initiativeId ? { initiativeId: petition.initiativeId } : {};

  return {
    /**
     * Every petition needing attention at `now`: overdue moderation first (longest waiting first),
     * then overdue answers and answers due soon (earliest deadline first).
     */
    async petitionsNeedingAttention(now: Date): Promise<PetitionNeedingAttention[]> {
      const config = settings();
      const waitingLongerThanAllowed = addDays(now, -config.moderationOverdueDays);
      const awaitingModeration = await everyPage((page) =>
        store.petitionsInStatus('awaiting-moderation', page),
      );
      const moderation = awaitingModeration
        .flatMap((petition) => {
          // Submitted when its last sponsor confirmed; the earlier stamps stand in on older items.
          const waitingSince = petition.submittedAt ?? petition.draftedAt ?? petition.createdAt;
          return new Date(waitingSince) <= waitingLongerThanAllowed
            ? [
                {
                  petitionId: petition.petitionId,
                  title: petition.title,
                  ...linked(petition),
                  reason: 'moderation-overdue' as const,
                  waitingSince,
                },
              ]
            : [];
        })
        .sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));

      // The window the deadline's reminder mail opens (`deadlines.ts`), so the two agree.
      const remindFrom = (dueAt: string) => reminderTime(new Date(dueAt), config);
      const answers = (await store.petitionsAwaitingAnswer())
        .flatMap((petition) => {
          const dueAt = petition.responseDueAt;
          if (dueAt === undefined || petition.response !== undefined || now < remindFrom(dueAt)) return [];
          const reason: PetitionAttentionReason =
            now >= new Date(dueAt) ? 'response-overdue' : 'response-due-soon';
          return [
            { petitionId: petition.petitionId, title: petition.title, ...linked(petition), reason, dueAt },
          ];
        })
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.petitionId.localeCompare(b.petitionId));

      return [...moderation, ...answers];
    },
  };
}
