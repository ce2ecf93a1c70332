import { z } from 'zod';
import { hashConfirmationToken, mintConfirmationToken, tokenMatches } from './confirmation';

/**
 * Capability links a record is mailed more than once: a sign-up's cancel link (in its
 * confirmation, any promotion and its reminder) and a digest subscription's unsubscribe link (in
 * every digest). Tokens come from the confirmation mechanism (`mintConfirmationToken`: 256 random
 * bits; only their SHA-256 is stored) and are compared in constant time (`tokenMatches`).
 *
 * Why a short list of hashes rather than one token per record: a mail must carry a working link,
 * yet the raw token is never at rest, so it cannot be read back to be mailed again. Each mail
 * therefore mints its own token, and the record keeps the hashes of the newest few, each with
 * when it was issued. A link from an earlier mail keeps working until that many newer mails have
 * gone out; then it answers exactly as a token that never existed (404), so an answer says
 * nothing about a record's history. The bound keeps the item small and the exposure of old mails
 * limited; it also means that someone who can make the city mail an address many times (asking
 * again for a seat that address already has) can retire its older links, never its newest.
 */

/** One issued token, as stored: its SHA-256 (base64url) and when it was mailed. */
export interface IssuedLinkToken {
  hash: string;
  issuedAt: string;
}

export const issuedLinkTokens = z.array(z.object({ hash: z.string(), issuedAt: z.string() }));

/** How many of a record's newest links work: cancel links (confirmation, promotion, reminder, repeats). */
export const LIVE_CANCEL_LINKS = 5;
/** Unsubscribe links: the digests of the last two months for a weekly subscriber, eight months for a monthly one. */
export const LIVE_UNSUBSCRIBE_LINKS = 8;

/** The list after `issued` joins it: newest first, at most `keep` entries. */
export function withIssuedToken(
  tokens: readonly IssuedLinkToken[],
  issued: IssuedLinkToken,
  keep: number,
): IssuedLinkToken[] {
  return [issued, ...tokens.filter((token) => token.hash !== issued.hash)].slice(0, keep);
}

/**
 * Whether `token` is one of the live ones. Every entry is compared (no early exit), each in
 * constant time, so the time taken says nothing about which entry, if any, matched.
 */
export function matchesIssuedToken(token: string | undefined, tokens: readonly IssuedLinkToken[]): boolean {
  let found = false;
  for (const issued of tokens) found = tokenMatches(token, issued.hash) || found;
  return found;
}

/**
 * A record written before tokens were hashed holds its one raw token: read, it is its hash
 * (issued when the record was made), so the old link keeps working while the service sees no raw
 * token; the store writes the hash back over it on first use.
 */
export function legacyTokenAsIssued(raw: string | undefined, issuedAt: string): IssuedLinkToken[] {
  return raw === undefined ? [] : [{ hash: hashConfirmationToken(raw), issuedAt }];
}

/** A new link token: `token` goes into one mail (or answer), `issued` is what the record keeps. */
export function mintLinkToken(at: string): { token: string; issued: IssuedLinkToken } {
  const { token, tokenHash } = mintConfirmationToken();
  return { token, issued: { hash: tokenHash, issuedAt: at } };
}
