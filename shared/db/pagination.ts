import { z } from 'zod';
import { InvalidFieldError } from '../domain/errors';

/** Query-string fields every list route accepts. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25).describe('Items per page (1–100).'),
  cursor: z.string().min(1).max(1024).optional().describe('Opaque cursor from the previous page.'),
};

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

type Key = Record<string, unknown>;

/** DynamoDB's `LastEvaluatedKey` as an opaque, URL-safe cursor. */
export function encodeCursor(key: Key | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

const cursorKeySchema = z.record(z.string(), z.string());

/** The inverse of `encodeCursor`; a tampered or foreign cursor is a client error, not a 500. */
export function decodeCursor(cursor: string | undefined): Key | undefined {
  if (cursor === undefined) return undefined;
  try {
    return cursorKeySchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidFieldError('query.cursor', 'Not a cursor this API issued.');
  }
}
