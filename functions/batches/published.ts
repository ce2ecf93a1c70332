import type { PersonalDataHolder } from '../../shared/privacy/person';
import { dynamoBatchPrivacyStore } from './dynamo-privacy-store';
import { dynamoBatchStore } from './dynamo-store';
import { batchesPrivacy } from './privacy';

/**
 * What batches publish to other contexts. Batches' part in residents' privacy requests and in the
 * retention job: a person's uncommitted rows (found by the person index) read out with where they
 * were collected, blanked when the person is erased (the commit then refuses them), or deleted
 * when their retention ends.
 */
export const personalDataHolder: PersonalDataHolder = batchesPrivacy(
  dynamoBatchPrivacyStore,
  dynamoBatchStore,
).holder;
