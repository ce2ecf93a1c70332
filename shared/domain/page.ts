import { z } from 'zod';

/** Query-string fields every list route accepts. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25).describe('Items per page (1–100).'),
  cursor: z.string().min(1).max(1024).optional().describe('Opaque cursor from the previous page.'),
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
    items: z.array(item),
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
