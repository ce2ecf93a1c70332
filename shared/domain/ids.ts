import { monotonicFactory } from 'ulidx';
import { z } from 'zod';

const ulid = monotonicFactory();

/** A new opaque, time-ordered identifier (ULID). Sorting IDs sorts by creation time. */
export function newId(): string {
  return ulid();
}

/** An ID this API issued (a ULID), as a route parameter or a reference in a body. */
export const idSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not an ID this API issued.');
