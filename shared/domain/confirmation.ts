import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ConflictError } from './errors';

/**
 * The one confirmation mechanism for public writes whose count matters (votes, shift and training
 * sign-ups; petition signatures, subscriptions and privacy requests later). Pure: each context's
 * storage keeps its own pending items, and its routes come from `shared/http/confirmation-routes.ts`.
 *
 * Under `email` assurance a write waits as `pending` until its expiry; the emailed link opens a
 * page that changes nothing (mail scanners follow links) and the page's button posts the token,
 * which counts the write in one conditional transaction with its counters and event.
 */

/**
 * How much a public write must prove before it counts: `open` counts at once (marked
 * unconfirmed); `email` counts once the link mailed to the address is confirmed.
 */
export const assuranceLevel = z
  .enum(['open', 'email'])
  .describe(
    '`open`: counted at once, marked unconfirmed. `email`: the answer is 202 "check your email" and the write counts once the emailed link is confirmed.',
  );
export type AssuranceLevel = z.infer<typeof assuranceLevel>;

/** A freshly minted token: `token` goes into the mail only; `tokenHash` is all that is stored. */
export interface ConfirmationToken {
  token: string;
  tokenHash: string;
}

/** SHA-256 of a token, base64url: what storage keeps and what a presented token is compared with. */
export const hashConfirmationToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('base64url');

/** 256 random bits (the issue asks for at least 128), URL-safe. */
export function mintConfirmationToken(): ConfirmationToken {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashConfirmationToken(token) };
}

/**
 * Whether `token` is the one whose hash was stored. Both sides are hashes of equal length, compared
 * in constant time, so how long the comparison takes says nothing about the stored hash.
 */
export function tokenMatches(token: string | undefined, storedHash: string | undefined): boolean {
  if (token === undefined || storedHash === undefined) return false;
  const presented = Buffer.from(hashConfirmationToken(token));
  const stored = Buffer.from(storedHash);
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/**
 * When a pending write lapses: `expiresAt` in epoch seconds (the table's TTL attribute, which
 * DynamoDB honours within days and DynamoDB Local never, so decisions compare it with the clock
 * themselves), and the same instant as ISO 8601 for people.
 */
export function pendingUntil(now: Date, seconds: number): { expiresAt: number; expiresAtIso: string } {
  const expiresAt = epochSeconds(now) + seconds;
  return { expiresAt, expiresAtIso: instantOfEpochSeconds(expiresAt) };
}

/** An epoch second (a deadline as stored) as ISO 8601 UTC, for people and for sort keys. */
export const instantOfEpochSeconds = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** A pending write whose expiry has passed no longer holds anything and can no longer be confirmed. */
export const hasLapsed = (pending: { expiresAt: number }, now: Date): boolean =>
  pending.expiresAt * 1000 <= now.getTime();

/** The epoch second a condition compares `expiresAt` with: "still pending" is `expiresAt > :now`. */
export const epochSeconds = (now: Date): number => Math.floor(now.getTime() / 1000);

/**
 * The answer to a public write under `email` assurance, the same for every address whatever its
 * history (new, pending, already confirmed, overlapping): what differs goes in the mail.
 */
export const checkYourEmail = z
  .object({
    status: z.literal('check-your-email'),
    message: z.string(),
  })
  .describe('Sent for every address alike; what differs for this address is in the mail.');

export const checkYourEmailAnswer: z.output<typeof checkYourEmail> = {
  status: 'check-your-email',
  message: 'Thank you. We have sent an email to the address you gave: follow its link to confirm.',
};

/** A link presented after its deadline: nothing counted; `retry` says how to get a new one. */
export const confirmationExpired = (consequence: string, retry: string): ConflictError =>
  new ConflictError(
    `This confirmation link has expired, so ${consequence}. ${retry}`,
    'confirmation-expired',
  );

/** A link replaced by a newer request from the same address: only the latest link works. */
export const confirmationSuperseded = (): ConflictError =>
  new ConflictError(
    'A newer confirmation email was sent to this address: please use the link in the latest one.',
    'confirmation-superseded',
  );
