import { describe, expect, it } from 'vitest';
import { canonicalEmail, participantHash, personName } from '../../shared/domain/participant';

const key = 'test-participant-hash-key-0123456789abcdef';

describe('one person, one address', () => {
  it.each([
    ['x+1@example.org', 'x@example.org'],
    ['X@Example.org', 'x@example.org'],
    [' x@example.org ', 'x@example.org'],
    ['x+votes+2@example.org', 'x@example.org'],
    ['a.na@gmail.com', 'ana@gmail.com'],
    ['A.N.A+city@GoogleMail.com', 'ana@googlemail.com'],
  ])('reads %s as %s', (typed, canonical) => {
    // Act
    const result = canonicalEmail(typed, ['gmail.com', 'googlemail.com']);

    // Assess
    expect(result).toBe(canonical);
  });

  it('keeps the dots where the domain is not listed, and a + that starts the address', () => {
    // Assess
    expect(canonicalEmail('a.na@example.org', ['gmail.com'])).toBe('a.na@example.org');
    expect(canonicalEmail('+tag@example.org')).toBe('+tag@example.org');
  });

  it('gives differently written addresses of one mailbox one identity, and others another', () => {
    // Act
    const identities = ['x+1@example.org', 'X@example.org', ' x@example.org '].map((email) =>
      participantHash(email, key),
    );

    // Assess
    expect(new Set(identities).size).toBe(1);
    expect(participantHash('y@example.org', key)).not.toBe(identities[0]);
  });
});

describe('a person’s name on a public form', () => {
  it.each(['Ana María', 'Anne-Marie O’Neil', 'J.R.R. Tolkien', '李伟', 'José de la Cruz'])(
    'accepts %s',
    (name) => {
      expect(personName.safeParse(name).success).toBe(true);
    },
  );

  it.each([
    ['two lines', 'Ana\r\nBcc: someone@example.org'],
    ['a link', 'Hello Visit https://phish.example/login'],
    ['a bare domain', 'Ana, see city-refunds.com'],
    ['an address', 'ana@example.org'],
    ['500 characters', 'A'.repeat(500)],
    ['a right-to-left override', 'Ana\u202Egnp.exe'],
    ['a zero-width space', 'A\u200Bna'],
    ['a NUL', 'Ana\u0000'],
    ['a lone surrogate', 'Ana\uD800'],
  ])('refuses a name with %s, with a message for a person', (_what, name) => {
    // Act
    const parsed = personName.safeParse(name);

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/^(Please|A name)/);
  });
});
