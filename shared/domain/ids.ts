import { monotonicFactory } from 'ulidx';

const ulid = monotonicFactory();

/** A new opaque, time-ordered identifier (ULID). Sorting IDs sorts by creation time. */
export function newId(): string {
  return ulid();
}
