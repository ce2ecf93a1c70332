import { petitionsKeys as keys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import type { AttentionStore } from './attention';
import { dynamoPetitionsStore } from './dynamo-store';
import type { StoredPetition } from './schemas';

/**
 * The digest's attention reads on the single table (docs/data-model.md): the moderation queue is
 * PE3; the petitions awaiting an answer are the `PETITIONS#AWAITING-ANSWER` entries (PE8), one per
 * petition whose deadline runs, put when `response` is reached and deleted with the answer, so the
 * read grows with the answers outstanding, not with every petition ever published.
 */

export const dynamoAttentionStore: AttentionStore = {
  petitionsInStatus: dynamoPetitionsStore.petitionsInStatus,

  async petitionsAwaitingAnswer() {
    const entries = await queryAll({ partition: keys.awaitingAnswerPartition() });
    const petitions = await Promise.all(
      entries.map((entry) => dynamoPetitionsStore.getPetition(String(entry.petitionId))),
    );
    // An entry whose answer committed a moment ago is gone; a petition answered is skipped anyway.
    return petitions.filter(
      (petition): petition is StoredPetition => petition !== undefined && !petition.response,
    );
  },
};
