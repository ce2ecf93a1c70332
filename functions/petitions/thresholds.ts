import { PetitionResponseDue, PetitionThresholdReached, type ThresholdLevel } from '../../events/petitions';
import type { PetitionsConfig } from '../../shared/config/petitions';
import { type DomainEvent, domainEvent } from '../../shared/domain/domain-event';
import { newId } from '../../shared/domain/ids';
import { newlyReached, responseDeadline } from './rules';
import type { StoredPetition } from './schemas';
import type { PetitionsStore } from './store';

/**
 * What follows a counted signature, wherever it was counted (a resident's confirmed link, a
 * committed paper batch): a sponsor may complete the draft's sponsors, a signature on a published
 * petition may cross a threshold. It holds no key and sends no mail, so the batch-commit consumer
 * runs it as the petitions function does.
 */
export function afterCountingCheck(
  store: Pick<PetitionsStore, 'getPetition' | 'counts' | 'submitForModeration' | 'markReached'>,
  settings: () => PetitionsConfig,
) {
  async function markReached(petition: StoredPetition, level: ThresholdLevel, total: number, now: Date) {
    const at = now.toISOString();
    const base = {
      occurredAt: at,
      petitionId: petition.petitionId,
      ...(petition.initiativeId ? { initiativeId: petition.initiativeId } : {}),
    };
    const events: DomainEvent[] = [
      domainEvent(PetitionThresholdReached, {
        ...base,
        eventId: newId(),
        level,
        threshold: petition.thresholds?.[level].signatures ?? total,
        signatures: total,
      }),
    ];
    const dueAt = level === 'response' ? responseDeadline(now, settings()).toISOString() : undefined;
    if (dueAt) events.push(domainEvent(PetitionResponseDue, { ...base, eventId: newId(), dueAt }));
    await store.markReached(petition.petitionId, level, at, dueAt, events);
  }

  /**
   * Each step is a conditional write, so however many confirmations (or batch rows) race, each
   * transition and its events happen once.
   */
  return async function afterCounting(petitionId: string, now: Date): Promise<void> {
    const petition = await store.getPetition(petitionId);
    if (!petition) return;
    if (petition.status === 'gathering-sponsors') {
      const { total } = await store.counts(petitionId);
      // The creator's own signature is the first; sponsors are the others.
      if (total - 1 >= petition.sponsorsNeeded)
        await store.submitForModeration(petitionId, now.toISOString());
      return;
    }
    if (petition.status !== 'published') return;
    const { total } = await store.counts(petitionId);
    for (const level of newlyReached(petition, total)) await markReached(petition, level, total, now);
  };
}
