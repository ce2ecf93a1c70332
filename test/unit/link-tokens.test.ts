import { describe, expect, it } from 'vitest';
import { hashConfirmationToken } from '../../shared/domain/confirmation';
import {
  LIVE_CANCEL_LINKS,
  legacyTokenAsIssued,
  matchesIssuedToken,
  mintLinkToken,
  withIssuedToken,
} from '../../shared/domain/link-tokens';

describe('link tokens', () => {
  it('keep only the hash of a minted token, and match the token against it', () => {
    // Prepare
    const { token, issued } = mintLinkToken('2026-12-02T10:00:00.000Z');

    // Act
    const stored = JSON.stringify(issued);

    // Assess
    expect(stored).not.toContain(token);
    expect(issued.hash).toBe(hashConfirmationToken(token));
    expect(matchesIssuedToken(token, [issued])).toBe(true);
    expect(matchesIssuedToken(`${token}x`, [issued])).toBe(false);
    expect(matchesIssuedToken(undefined, [issued])).toBe(false);
    expect(matchesIssuedToken(token, [])).toBe(false);
  });

  it('keep the newest tokens up to the bound, so the oldest link stops working', () => {
    // Prepare
    const minted = Array.from({ length: LIVE_CANCEL_LINKS + 1 }, (_, i) =>
      mintLinkToken(`2026-12-0${i + 1}T10:00:00.000Z`),
    );

    // Act
    const live = minted.reduce(
      (tokens, { issued }) => withIssuedToken(tokens, issued, LIVE_CANCEL_LINKS),
      [] as ReturnType<typeof withIssuedToken>,
    );

    // Assess
    expect(live).toHaveLength(LIVE_CANCEL_LINKS);
    expect(live[0]).toEqual(minted.at(-1)?.issued);
    expect(matchesIssuedToken(minted[0]?.token, live)).toBe(false);
    for (const { token } of minted.slice(1)) expect(matchesIssuedToken(token, live)).toBe(true);
  });

  it('read a raw token from before hashing as its hash', () => {
    // Act
    const issued = legacyTokenAsIssued('an-old-raw-token-of-24-bytes', '2025-06-01T00:00:00.000Z');

    // Assess
    expect(issued).toEqual([
      { hash: hashConfirmationToken('an-old-raw-token-of-24-bytes'), issuedAt: '2025-06-01T00:00:00.000Z' },
    ]);
    expect(matchesIssuedToken('an-old-raw-token-of-24-bytes', issued)).toBe(true);
    expect(legacyTokenAsIssued(undefined, '2025-06-01T00:00:00.000Z')).toEqual([]);
  });
});
