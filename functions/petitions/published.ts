import { runtimeConfig } from '../../shared/config/runtime';
import type { PersonalDataHolder } from '../../shared/privacy/person';
import { type PetitionNeedingAttention, petitionAttention } from './attention';
import { dynamoAttentionStore } from './dynamo-attention';
import { dynamoPaperSignatureWrites } from './dynamo-paper-signatures';
import { dynamoPetitionsPrivacyStore } from './dynamo-privacy-store';
import { dynamoPetitionsStore } from './dynamo-store';
import { petitionSignatureIntake } from './paper-signatures';
import { petitionsPrivacy } from './privacy';

/**
 * What petitions publish to other contexts. Each export is added by the feature that needs it
 * (the batch intake of paper signatures, the privacy holder, the reads the digest and impact use);
 * no other context reads petition items.
 */
/**
 * Petitions' intake of staff-entered signature sheets (`functions/batches/`, kind
 * `petition-signatures`): each row a confirmed signature with the batch's channel and provenance,
 * counted on the same gauge as the web's, once per person.
 */
export const petitionSignatureBatchIntake = petitionSignatureIntake(
  dynamoPetitionsStore,
  dynamoPaperSignatureWrites,
);

/**
 * Petitions' part in residents' privacy requests and in the retention job: a person's signatures
 * (found by the person index) read out, erased (counted ones kept without the person, so totals
 * stay) or deleted six months after the petition closes; the totals live in the counter shards.
 */
export const personalDataHolder: PersonalDataHolder = petitionsPrivacy(dynamoPetitionsPrivacyStore).holder;

export type { PetitionAttentionReason, PetitionNeedingAttention } from './attention';

const attention = petitionAttention(dynamoAttentionStore, () => runtimeConfig().PETITIONS);

/**
 * The petitions staff should act on at `now`, for the digest: awaiting moderation longer than
 * `petitions.moderationOverdueDays`, and answers overdue or due within `petitions.reminderDaysBefore`.
 * Reads the moderation queue and the published and closed petitions awaiting an answer.
 */
export const petitionsNeedingAttention = (now: Date): Promise<PetitionNeedingAttention[]> =>
  attention.petitionsNeedingAttention(now);
