import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new unsubscribe token: 256 random bits, URL-safe. It is the only proof a one-click unsubscribe needs. */
export function newUnsubscribeToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/**
 * Whether `given` is the subscription's token, compared in constant time. Both sides are hashed
 * first, so the comparison takes as long whatever the lengths, and no prefix can be guessed byte by byte.
 */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The link a digest carries, and its `List-Unsubscribe` header (RFC 2369) names: a POST to it
 * unsubscribes (RFC 8058 one-click, with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`).
 * `apiBaseUrl` is where residents reach the API (`PUBLIC_API_BASE_URL`).
 */
export function unsubscribeUrl(
  apiBaseUrl: string,
  subscription: { subscriptionId: string; unsubscribeToken: string },
): string {
  const base = apiBaseUrl.endsWith('/') ? apiBaseUrl : `${apiBaseUrl}/`;
  const url = new URL(`digest-subscriptions/${subscription.subscriptionId}/unsubscribe`, base);
  url.searchParams.set('token', subscription.unsubscribeToken);
  return url.toString();
}
