import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allowedRedirect, isRedirectAllowListEntry, parseForm } from '../../shared/http/form';

const schema = z.object({
  title: z.string(),
  count: z.number().int().optional(),
  skills: z.array(z.string()).optional(),
  participant: z.object({ email: z.string(), consentToContact: z.boolean().default(false) }).optional(),
});

describe('form bodies', () => {
  it('nests dotted names, coerces numbers and booleans, and collects repeated names', () => {
    const parsed = parseForm(
      'title=Trees&count=3&skills=first-aid&participant.email=a%40b.org&participant.consentToContact=on&_redirect=https%3A%2F%2Fx.gov%2Fthanks',
      schema,
    );
    expect(parsed.body).toEqual({
      title: 'Trees',
      count: 3,
      skills: ['first-aid'],
      participant: { email: 'a@b.org', consentToContact: true },
    });
    expect(parsed.redirect).toBe('https://x.gov/thanks');
    expect(parsed.honeypotFilled).toBe(false);
  });

  it('treats empty inputs as absent and leaves non-numbers for validation to report', () => {
    expect(parseForm('title=&count=three', schema).body).toEqual({ count: 'three' });
  });

  it('ignores prototype-polluting names', () => {
    const parsed = parseForm('__proto__.polluted=yes&constructor.prototype.x=1&title=t', schema);
    expect(parsed.body).toEqual({ title: 't' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('notices a filled honeypot', () => {
    expect(parseForm('title=t&_honeypot=buy', schema).honeypotFilled).toBe(true);
  });

  it.each([
    ['userinfo that makes the host another site', 'https://www.example.gov@evil.example/thanks/'],
    ['userinfo with a password', 'https://user:pw@www.example.gov/thanks/'],
    ['a suffix host', 'https://www.example.gov.evil.example/thanks/'],
    ['a prefix host', 'https://evilwww.example.gov/thanks/'],
    ['another subdomain', 'https://city.example.gov/thanks/'],
    ['another port', 'https://www.example.gov:8443/thanks/'],
    ['a port that starts like the allowed one', 'http://127.0.0.1:39180/'],
    ['plain http for an https entry', 'http://www.example.gov/thanks/'],
    ['a path beside the folder', 'https://www.example.gov/thanks-elsewhere'],
    ['the folder without its slash', 'https://www.example.gov/thanks'],
    ['dot segments out of the folder', 'https://www.example.gov/thanks/../admin'],
    ['encoded dot segments out of the folder', 'https://www.example.gov/thanks/%2e%2e/admin'],
    ['a CR/LF header injection', 'https://www.example.gov/thanks/\r\nX-Injected: 1'],
    ['a bare LF', 'https://www.example.gov/thanks/\nLocation: https://evil.example/'],
    ['a NUL', 'https://www.example.gov/thanks/\u0000'],
    ['a tab', 'https://www.example.gov/thanks/\tx'],
    ['a space', 'https://www.example.gov/thanks/ x'],
    ['a backslash host trick', 'https://www.example.gov\\@evil.example/thanks/'],
    ['backslashes as slashes', 'https:\\\\evil.example\\thanks\\'],
    ['a protocol-relative URL', '//evil.example/thanks/'],
    ['a relative path', '/thanks/'],
    ['javascript:', 'javascript:alert(1)//www.example.gov/thanks/'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['an IDN look-alike host', 'https://www.exаmple.gov/thanks/'],
    ['a right-to-left override', 'https://www.example.gov/thanks/\u202egpj.exe'],
    ['a zero-width space in the host', 'https://www.exam\u200bple.gov/thanks/'],
    ['not a URL', 'not a url'],
    ['an empty value', ''],
  ])('refuses a redirect with %s', (_case, url) => {
    // Act & Assess
    expect(
      allowedRedirect(url, ['https://www.example.gov/thanks/', 'http://127.0.0.1:3918/']),
    ).toBeUndefined();
  });

  it('allows a page under an allow-listed folder, answering the parsed URL', () => {
    // Prepare
    const allowList = ['https://www.example.gov/thanks/', 'http://127.0.0.1:3918/'];

    // Act & Assess
    expect(allowedRedirect('https://www.example.gov/thanks/', allowList)).toBe(
      'https://www.example.gov/thanks/',
    );
    expect(allowedRedirect('https://WWW.EXAMPLE.GOV/thanks/ideas?from=form#top', allowList)).toBe(
      'https://www.example.gov/thanks/ideas?from=form#top',
    );
    expect(allowedRedirect('https://www.example.gov:443/thanks/x', allowList)).toBe(
      'https://www.example.gov/thanks/x',
    );
    expect(allowedRedirect('http://127.0.0.1:3918/done', allowList)).toBe('http://127.0.0.1:3918/done');
  });

  it('takes only folders as allow-list entries', () => {
    // Act & Assess
    expect(isRedirectAllowListEntry('https://www.example.gov/')).toBe(true);
    expect(isRedirectAllowListEntry('https://www.example.gov/thanks/')).toBe(true);
    expect(isRedirectAllowListEntry('https://www.example.gov')).toBe(true);
    expect(isRedirectAllowListEntry('https://www.example.gov/thanks')).toBe(false);
    expect(isRedirectAllowListEntry('https://u@www.example.gov/')).toBe(false);
    expect(isRedirectAllowListEntry('https://www.example.gov/?x=1')).toBe(false);
    expect(isRedirectAllowListEntry('ftp://www.example.gov/')).toBe(false);
    // A configured entry that is not a folder allows nothing.
    expect(
      allowedRedirect('https://www.example.gov/thanks-evil', ['https://www.example.gov/thanks']),
    ).toBeUndefined();
  });
});
