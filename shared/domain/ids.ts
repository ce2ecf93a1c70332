import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulidx';
import { z } from 'zod';

const ulid = monotonicFactory();

/** A new opaque, time-ordered identifier (ULID). Sorting IDs sorts by creation time. */
export function newId(): string {
  return ulid();
}

/** An ID this API issued (a ULID), as a route parameter or a reference in a body. */
export const idSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not an ID this API issued.');

/**
 * A ULID-shaped ID derived from its parts, always the same for the same parts: a record written
 * for row 7 of a batch gets the same ID on every run, so its conditional write refuses a second
 * copy. It keeps the time prefix of `base` (itself an ID) so it still sorts near its siblings.
 */
export function derivedId(base: string, ...parts: readonly (string | number)[]): string {
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const digest = createHash('sha256')
    .update([base, ...parts].join('#'))
    .digest();
  let suffix = '';
  for (let index = 0; index < 16; index++) suffix += crockford[(digest[index] as number) % 32];
  return `${base.slice(0, 10)}${suffix}`;
}
