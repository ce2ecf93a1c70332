import type { BatchIntake } from '../../shared/domain/batch-intake';
import { ConflictError } from '../../shared/domain/errors';
import { derivedId } from '../../shared/domain/ids';
import { checkRowWith, rowAsBody } from '../../shared/http/batch-rows';
import { newContribution } from './new-contribution';
import { assertEngagementAllows } from './rules';
import { type ContributionInput, contributionInput } from './schemas';
import type { ParticipationStore } from './store';

/** Where a batch's ideas go. */
export interface IdeaTarget {
  engagementId: string;
}

/**
 * Participation's intake of batch rows (`published.ts`): ideas written down at an event or taken
 * by phone, checked with the web route's own body schema (`contributionInput`, as an `idea`) and
 * written as a contribution with the batch's channel and provenance.
 *
 * On the web a person may post several ideas, and an idea needs no address: so a row without an
 * email is recorded anonymously, as a web idea without `participant` is, and an email never makes
 * an idea a `duplicate` (its keyed hash is kept for counting people, as the web's). What must not
 * be written twice is the row itself: its contribution ID derives from batch and row number.
 * The engagement is judged open or closed at the paper's `collectedAt`, not at commit.
 */
export function ideaIntake(
  store: Pick<ParticipationStore, 'getEngagement' | 'getContribution' | 'addContribution'>,
): BatchIntake<IdeaTarget> {
  return {
    async checkTarget({ engagementId }) {
      const engagement = await store.getEngagement(engagementId);
      return engagement ? { ok: true } : { ok: false, missing: true, reason: 'No engagement with this ID.' };
    },

    async validateRow(_target, data, { flat }) {
      const body = rowAsBody(data, flat, contributionInput);
      const parsed = checkRowWith(contributionInput, { kind: 'idea', ...body });
      if (!parsed.ok) return parsed;
      if (parsed.value.kind !== 'idea')
        return { ok: false, errors: [{ path: 'kind', message: 'A batch of ideas holds ideas only.' }] };
      return { ok: true, value: parsed.value as Record<string, unknown> };
    },

    emailOf: (value) => (value as ContributionInput).participant?.email,

    async commitBatchRow({ engagementId }, row, provenance) {
      const contributionId = derivedId(provenance.batchId, provenance.rowNumber);
      // A re-run of the commit finds what the first run wrote, and writes nothing again.
      if (await store.getContribution(contributionId))
        return { outcome: 'recorded', recordId: contributionId };
      const engagement = await store.getEngagement(engagementId);
      if (!engagement) return { outcome: 'refused', reason: 'no-engagement' };
      try {
        assertEngagementAllows(engagement, 'contributions', new Date(provenance.collectedAt));
      } catch (error) {
        if (error instanceof ConflictError) return { outcome: 'refused', reason: error.reason };
        throw error;
      }
      const { contribution, events } = newContribution({
        input: row.value as ContributionInput,
        engagement,
        contributionId,
        createdAt: provenance.collectedAt,
        channel: provenance.channel,
        participantHash: row.participantHash,
        provenance: {
          batchId: provenance.batchId,
          rowNumber: provenance.rowNumber,
          enteredBy: provenance.enteredBy,
          collectedAt: provenance.collectedAt,
        },
      });
      try {
        await store.addContribution(contribution, events);
      } catch (error) {
        // Another run wrote it in between: the derived ID refused the second copy.
        if (await store.getContribution(contributionId))
          return { outcome: 'recorded', recordId: contributionId };
        throw error;
      }
      return { outcome: 'recorded', recordId: contributionId };
    },
  };
}
