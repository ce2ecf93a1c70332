import { z } from 'zod';

/**
 * The shapes of the answer mail's way out: the token its unsubscribe link carries, and what the
 * page and the unsubscription answer. Declarations (`api.ts`) import these; nothing here runs.
 */

const unsubscribeToken = z
  .string()
  .min(16, 'This link is incomplete; open the link from the email again.')
  .max(200, 'This link is not one we sent.')
  // Tokens are base64url: a code, never text.
  .regex(/^[A-Za-z0-9_-]+$/, 'This link is not one we sent.');

/** The link in the answer's mail (and its `List-Unsubscribe` header): the URL is the only place it can carry the token. */
export const signatureUnsubscribeQuery = z.object({
  token: unsubscribeToken.describe('The token from the answer mail’s unsubscribe link.'),
});

/** The page's button posts the token in the body, so the URL of the request that acts carries none. */
export const signatureUnsubscribeBody = z.object({
  token: unsubscribeToken.describe('The token (the page’s form carries it in a hidden field).'),
});

export const signatureUnsubscribePreview = z.object({
  signatureId: z.string(),
  status: z
    .enum(['subscribed', 'unsubscribed'])
    .describe('`unsubscribed`: done already; the page says so and offers nothing to press.'),
  title: z.string().describe('The petition’s title.'),
});
export type SignatureUnsubscribePreview = z.output<typeof signatureUnsubscribePreview>;

export const signatureUnsubscribeResult = z.object({
  signatureId: z.string(),
  status: z.literal('unsubscribed'),
  unsubscribedAt: z.string(),
});
export type SignatureUnsubscribeResult = z.output<typeof signatureUnsubscribeResult>;
