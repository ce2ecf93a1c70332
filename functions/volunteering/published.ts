import type { PersonalDataHolder } from '../../shared/privacy/person';
import { volunteeringPersonalDataHolder } from './dynamo-personal-data';
import { dynamoPublishedReads, type ShiftSeats } from './dynamo-published-reads';

export type { ShiftSeats } from './dynamo-published-reads';

/**
 * What volunteering publishes to other contexts: the impact summary's shift fill rate comes from
 * these seat counts, and feedback about a shift learns its initiative here, without touching
 * volunteering's items. Inject them into services as ports.
 */

/**
 * The seats (confirmed and offered) of every shift starting on one of these days of the city's
 * calendar (`YYYY-MM-DD`), with the initiative each shift serves: one query per day.
 */
export async function shiftSeatsOfDays(localDays: readonly string[]): Promise<ShiftSeats[]> {
  const seats: ShiftSeats[] = [];
  for (const day of localDays) seats.push(...(await dynamoPublishedReads.shiftSeatsOnDay(day)));
  return seats;
}

/** The initiative a shift serves; undefined when there is no such shift (feedback about it). */
export async function shiftInitiative(shiftId: string): Promise<string | undefined> {
  return dynamoPublishedReads.shiftInitiative(shiftId);
}

/**
 * A resident's volunteering data for the privacy context: their export, their erasure, and the end
 * of each item's retention (`dynamo-personal-data.ts`).
 */
export const personalDataHolder: PersonalDataHolder = volunteeringPersonalDataHolder;
