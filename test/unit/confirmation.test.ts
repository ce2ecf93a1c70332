import { describe, expect, it } from 'vitest';
import {
  hashConfirmationToken,
  hasLapsed,
  mintConfirmationToken,
  pendingUntil,
  tokenMatches,
} from '../../shared/domain/confirmation';
import { confirmationViewPage } from '../../shared/http/confirmation-routes';
import { confirmationMail, mailSafeText } from '../../shared/mailer/confirmation-mail';

describe('confirmation tokens', () => {
  it('mints at least 128 random bits and keeps only their SHA-256', () => {
    // Act
    const minted = Array.from({ length: 100 }, () => mintConfirmationToken());

    // Assess
    for (const { token, tokenHash } of minted) {
      expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      expect(tokenHash).toBe(hashConfirmationToken(token));
      expect(tokenHash).not.toContain(token);
    }
    expect(new Set(minted.map((m) => m.token)).size).toBe(100);
  });

  it('matches only the token whose hash was stored', () => {
    // Prepare
    const { token, tokenHash } = mintConfirmationToken();

    // Act & Assess
    expect(tokenMatches(token, tokenHash)).toBe(true);
    expect(tokenMatches(`${token}x`, tokenHash)).toBe(false);
    expect(tokenMatches(mintConfirmationToken().token, tokenHash)).toBe(false);
    expect(tokenMatches(undefined, tokenHash)).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(tokenMatches(token, 'short')).toBe(false);
  });

  it('lapses exactly at the deadline, whatever TTL does', () => {
    // Prepare
    const now = new Date('2026-12-02T10:00:00.000Z');
    const { expiresAt, expiresAtIso } = pendingUntil(now, 30 * 60);

    // Act & Assess
    expect(expiresAtIso).toBe('2026-12-02T10:30:00.000Z');
    expect(hasLapsed({ expiresAt }, new Date('2026-12-02T10:29:59.999Z'))).toBe(false);
    expect(hasLapsed({ expiresAt }, new Date('2026-12-02T10:30:00.000Z'))).toBe(true);
  });
});

describe('confirmation mail and pages', () => {
  it('makes resident text one plain line without controls or invisible characters', () => {
    // Act
    const safe = mailSafeText('Ana\r\nBcc: x@evil.example\u202e\u200b  more', 80);

    // Assess
    expect(safe).toBe('Ana Bcc: x@evil.example more');
    expect(mailSafeText('x'.repeat(500)).length).toBeLessThanOrEqual(120);
  });

  it('puts only the city’s words in the subject and the link in both parts', () => {
    // Act
    const mail = confirmationMail({
      to: 'ana@example.org',
      subject: 'Please confirm your vote',
      name: 'Ana\nVisit evil',
      paragraphs: ['Please confirm.'],
      action: {
        label: 'Confirm',
        url: 'https://api.example.gov/votes/1/confirmation?token=abc',
        until: 'tomorrow',
      },
    });

    // Assess
    expect(mail.subject).toBe('Please confirm your vote');
    expect(mail.text).toContain('Hello Ana Visit evil,');
    expect(mail.text).toContain('\nhttps://api.example.gov/votes/1/confirmation?token=abc\n');
    expect(mail.html).toContain('href="https://api.example.gov/votes/1/confirmation?token=abc"');
  });

  it('renders a page whose only action is a button posting the token', () => {
    // Act
    const page = confirmationViewPage(
      { status: 'awaiting-confirmation', what: 'your support for an idea in “<b>Parks</b>”' },
      { query: { token: 'a"b' } },
    );

    // Assess
    expect(page.content).toContain('<form method="post" action="confirmation">');
    expect(page.content).toContain('value="a&quot;b"');
    expect(page.content).toContain('&lt;b&gt;Parks&lt;/b&gt;');
    expect(page.content).not.toContain('<a ');
  });
});
