import { z } from 'zod';
import { InvalidFieldError } from '../domain/errors';

export type { Page } from '../domain/page';

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
