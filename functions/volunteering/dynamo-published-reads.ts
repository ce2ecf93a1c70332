import { z } from 'zod';
import { getItem, parseEntity } from '../../shared/db/items';
import { volunteeringKeys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';

/** What of a shift's item the seat counts need: its initiative and its seat counters. */
const storedShiftSeats = z.object({
  initiativeId: z.string(),
  confirmed: z.number(),
  capacity: z.number(),
});
export type ShiftSeats = z.output<typeof storedShiftSeats>;

/** The reads volunteering publishes to other contexts (`published.ts`), on the single table. */
export const dynamoPublishedReads = {
  /** The seats of every shift starting on one local day: one query of that day's gsi2 partition. */
  async shiftSeatsOnDay(localDay: string): Promise<ShiftSeats[]> {
    const items = await queryAll({
      index: 'gsi2',
      partition: volunteeringKeys.seatedOnDayPartition('shift', localDay),
    });
    return items.map((item) => parseEntity(storedShiftSeats, item));
  },

  /** The initiative a shift serves, from the shift's own item; undefined when there is none. */
  async shiftInitiative(shiftId: string): Promise<string | undefined> {
    const item = await getItem(volunteeringKeys.seated('shift', shiftId));
    return item ? parseEntity(z.object({ initiativeId: z.string() }), item).initiativeId : undefined;
  },
};
