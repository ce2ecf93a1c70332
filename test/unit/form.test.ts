import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAllowedRedirect, parseForm } from '../../shared/http/form';

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

  it('allows only http(s) redirects under an allow-listed prefix', () => {
    const allowed = ['https://www.example.gov/thanks'];
    expect(isAllowedRedirect('https://www.example.gov/thanks/ideas', allowed)).toBe(true);
    expect(isAllowedRedirect('https://www.example.gov.evil.example/thanks', allowed)).toBe(false);
    expect(isAllowedRedirect('javascript:alert(1)', ['javascript:'])).toBe(false);
    expect(isAllowedRedirect('not a url', allowed)).toBe(false);
  });
});
