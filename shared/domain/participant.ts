import { createHmac } from 'node:crypto';
import { LinkifyIt } from 'linkify-it';
import { z } from 'zod';
import { oneLineText, textFields } from './text';

/** Links written with or without a scheme (`https://…`, `www.…`, `example.gov/…`), and e-mail addresses. */
const links = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true });

/**
 * Format characters no name needs, beyond what every text refuses: zero-width spaces and joiners,
 * soft hyphens, marks that could hide a second word inside a greeting.
 */
const invisibleFormat = /\p{Cf}/u;

/**
 * A person's name as a resident types it on a public form. It appears in mail the city sends to
 * the address the poster typed, so it must not carry a message of its own: one line of text
 * (`oneLineText`: no line breaks or control characters), at most 80 characters, no links and no
 * invisible format characters either.
 */
export const personName = oneLineText({
  max: 80,
  tooShort: 'Please enter your name, or leave the field out.',
  tooLong: 'Please shorten your name to 80 characters or fewer.',
})
  .refine((name) => !invisibleFormat.test(name), {
    message: 'Please write your name in plain letters, without invisible characters.',
    params: { reason: 'controlCharacters' },
  })
  .refine((name) => !links.test(name), 'A name cannot contain a web or e-mail address.')
  // The refinements above make a new schema: register it too, so tests find it as a text field.
  .register(textFields, { kind: 'line' });

/**
 * What a resident may tell us about themselves on a public form. The email and name are kept only
 * to contact them, and only where they consented to it (or a mail must go out later); uniqueness
 * ("one vote each") and counting ("unique participants") use a keyed hash of the address, so the
 * hash is useless to anyone without the city's secret.
 */
export const participantInput = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email().max(254))
    .describe(
      'Identity uses a keyed hash of it. The address itself is stored only when `consentToContact` is given and true, to contact the participant.',
    ),
  name: personName.optional(),
  consentToContact: z
    .boolean()
    .default(false)
    .describe(
      'Whether the city may email this participant about this engagement. Without it neither the address nor the name is stored, only the keyed hash.',
    ),
});

export type ParticipantInput = z.infer<typeof participantInput>;

/** Case and surrounding spaces never make a second identity. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * One person, one address: the address as an identity. Besides case and spaces, a `+tag`
 * (`ana+vote2@…`) names the same mailbox everywhere that supports it, and at the domains that
 * ignore dots in the local part (`dotInsensitiveDomains`, e.g. gmail.com) so does `a.na@…`.
 * Only for identity: mail goes to the address as typed.
 */
export function canonicalEmail(email: string, dotInsensitiveDomains: readonly string[] = []): string {
  const address = normalizeEmail(email);
  const at = address.lastIndexOf('@');
  if (at <= 0) return address;
  const domain = address.slice(at + 1);
  let local = address.slice(0, at);
  const tag = local.indexOf('+');
  if (tag > 0) local = local.slice(0, tag);
  if (dotInsensitiveDomains.includes(domain)) local = local.replaceAll('.', '');
  return `${local}@${domain}`;
}

/**
 * The pseudonymous identity of a participant: HMAC-SHA256 of the canonical address, base64url, so
 * differently written addresses of one mailbox are one participant.
 */
export function participantHash(
  email: string,
  key: string,
  dotInsensitiveDomains: readonly string[] = [],
): string {
  return createHmac('sha256', key).update(canonicalEmail(email, dotInsensitiveDomains)).digest('base64url');
}
