/**
 * One neighbourhood, however it is spelled: case and repeated spaces do not make a different one
 * (`Old  Town` and `old town` are the same). The table's neighbourhood key segments are built
 * from this folding (`shared/db/keys.ts`), so two spellings it calls the same always share a key.
 */
export function neighbourhoodName(neighbourhood: string): string {
  return neighbourhood.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Whether two spellings name one neighbourhood. */
export const sameNeighbourhood = (a: string, b: string): boolean =>
  neighbourhoodName(a) === neighbourhoodName(b);
