import { z } from 'zod';

/** Fields every Civic event detail carries; consumers deduplicate on `eventId`. */
export const eventBase = {
  eventId: z.string().describe('ULID, unique per event; consumers use it to ignore redeliveries.'),
  occurredAt: z.iso.datetime({ offset: true }),
};

export interface EventDefinition<D extends z.ZodType = z.ZodType> {
  /** EventBridge `source`, one per bounded context: `civic.participation`. */
  source: string;
  /** EventBridge `detail-type`. */
  detailType: string;
  detail: D;
}

export function defineEvent<D extends z.ZodType>(definition: EventDefinition<D>): EventDefinition<D> {
  return definition;
}

export type EventDetail<E extends EventDefinition> = z.output<E['detail']>;
