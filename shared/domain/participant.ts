import { createHmac } from 'node:crypto';
import { z } from 'zod';

/**
 * What a resident may tell us about themselves on a public form. The email is kept only to
 * contact them; uniqueness ("one vote each") and counting ("unique participants") use a keyed
 * hash of it, so the hash is useless to anyone without the city's secret.
 */
export const participantInput = z.object({
  email: z
    .string()
    .trim()
    .pipe(z.email().max(254))
    .describe('Kept for contact only; identity uses a keyed hash of it.'),
  name: z.string().trim().min(1).max(120).optional(),
  consentToContact: z
    .boolean()
    .default(false)
    .describe('Whether the city may email this participant about this engagement.'),
});

export type ParticipantInput = z.infer<typeof participantInput>;

/** Case and surrounding spaces never make a second identity. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The pseudonymous identity of a participant: HMAC-SHA256 of the normalised email, base64url. */
export function participantHash(email: string, key: string): string {
  return createHmac('sha256', key).update(normalizeEmail(email)).digest('base64url');
}
