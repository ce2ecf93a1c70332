import type { Initiative } from './api';
import { dynamoInitiativeReads } from './dynamo-initiative-reads';
import { dynamoParticipationStore } from './dynamo-store';

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
