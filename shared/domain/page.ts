import { z } from 'zod';

/** The most items one page holds: the `limit` a list route accepts, and its answer's `maxItems`. */
export const maxPageSize = 100;

/** Query-string fields every list route accepts. */
export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(maxPageSize)
    .default(25)
    .describe(`Items per page (1–${maxPageSize}).`),
  cursor: z
    .string()
    .min(1)
    .max(1024)
    // Cursors are base64url: a code, never text.
    .regex(/^[A-Za-z0-9_-]+$/, 'Pass back the cursor the previous page gave.')
    .optional()
    .describe('Opaque cursor from the previous page.'),
};

/** Which page of a list to read: its size, and the cursor the previous page gave. */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow; pass it back as `cursor`. */
  nextCursor?: string;
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item).max(maxPageSize),
    nextCursor: z
      .string()
      .optional()
      .describe('Pass back as `cursor` for the next page; absent on the last page.'),
  });

/** Every item of a paged list, page after page: for jobs that need the whole of a short list. */
export async function everyPage<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
