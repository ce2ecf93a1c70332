import { createHash } from 'node:crypto';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A volunteer's ID, derived from their participant hash (the keyed hash of their email): the
 * same person gets the same ID on every sign-up, so hours add up per person without a lookup
 * item or a race to create one. 128 bits of SHA-256 in Crockford base32, the shape of a ULID,
 * so it passes as an ID like any other; it reveals nothing the hash does not.
 */
export function volunteerIdFor(participantHash: string): string {
  const bytes = createHash('sha256').update(`volunteer:${participantHash}`).digest().subarray(0, 16);
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let id = '';
  for (let i = 0; i < 26; i++) {
    id = `${crockford[Number(value & 31n)]}${id}`;
    value >>= 5n;
  }
  return id;
}
