import { runtimeConfig } from '../../shared/config/runtime';
import { newId } from '../../shared/domain/ids';
import type { PersonalDataHolder } from '../../shared/privacy/person';
import type { Initiative } from './api';
import { ideaIntake } from './batch-intake';
import { dynamoInitiativeReads } from './dynamo-initiative-reads';
import { dynamoParticipationPrivacyStore } from './dynamo-privacy-store';
import { dynamoParticipationStore } from './dynamo-store';
import { participationPrivacy } from './privacy';

/**
 * What participation publishes to other contexts: every strand links its records to an
 * initiative, and these let a context check that link or show an initiative's title without
 * reading participation's items. Inject them into services as ports; `api.ts` declares their types.
 */

/** Whether an initiative exists (a key-only read). */
export async function initiativeExists(initiativeId: string): Promise<boolean> {
  return dynamoInitiativeReads.initiativeExists(initiativeId);
}

/** The initiatives with these IDs, by ID; absent ones are left out. */
export async function initiativesById(initiativeIds: readonly string[]): Promise<Map<string, Initiative>> {
  return dynamoInitiativeReads.initiativesById(initiativeIds);
}

/** The initiative an engagement belongs to; undefined when there is no such engagement (feedback about it). */
export async function engagementInitiative(engagementId: string): Promise<string | undefined> {
  return (await dynamoParticipationStore.getEngagement(engagementId))?.initiativeId;
}

/**
 * Participation's part in residents' privacy requests and in the retention job: a person's
 * contributions, votes and vote confirmations (found by the person index), read out, erased
 * (contributions as `ERASED_CONTRIBUTIONS` says, counted votes kept anonymously) or ended when
 * their retention does.
 */
export const personalDataHolder: PersonalDataHolder = participationPrivacy(dynamoParticipationPrivacyStore, {
  erasedContributions: () => runtimeConfig().ERASED_CONTRIBUTIONS,
  language: () => runtimeConfig().LOCALES[0] ?? 'en',
  newId,
}).holder;

/**
 * Participation's intake of staff-entered batches (`functions/batches/`): ideas from paper, phone
 * and events, checked with the web route's schema and written with their channel and provenance.
 */
export const ideaBatchIntake = ideaIntake(dynamoParticipationStore);
