import { describe, expect, it } from 'vitest';
import { localizedText } from '../../shared/domain/localized-text';
import { personName } from '../../shared/domain/participant';
import { followTextRule, longText, oneLineText, textFields } from '../../shared/domain/text';

const line = oneLineText({ max: 200 });
const long = longText({ max: 2000 });

/** The reasons of a refusal's custom issues, as the field-message catalogue reads them. */
const reasonsOf = (result: ReturnType<typeof line.safeParse>) =>
  (result.error?.issues ?? []).map((issue) => (issue as { params?: { reason?: string } }).params?.reason);

const forbidden = [
  ['a NUL', 'Park\u0000'],
  ['an escape', 'Park\u001B[31m'],
  ['a backspace', 'Park\u0008'],
  ['a DEL', 'Park\u007F'],
  ['a C1 control (NEL excluded: it is a line break)', 'Park\u009B'],
  ['a lone high surrogate', 'Park\uD800'],
  ['a lone low surrogate', '\uDC00Park'],
  ['a right-to-left override', 'Park\u202Egnp.exe'],
  ['a left-to-right embedding', 'Park\u202A'],
  ['a pop directional formatting', 'Park\u202C'],
  ['a left-to-right isolate', '\u2066Park'],
  ['a pop directional isolate', 'Park\u2069'],
] as const;

describe('text fields', () => {
  it.each(forbidden)('refuse %s in one-line text, naming the reason', (_what, value) => {
    // Act
    const result = line.safeParse(value);

    // Assess
    expect(result.success).toBe(false);
    expect(reasonsOf(result)).toEqual(['controlCharacters']);
    expect(result.error?.issues[0]?.message).toBe(
      'Please remove the invisible or control characters from this text.',
    );
  });

  it.each(forbidden)('refuse %s in long text too', (_what, value) => {
    // Act
    const result = long.safeParse(`First line\n${value}`);

    // Assess
    expect(reasonsOf(result)).toEqual(['controlCharacters']);
  });

  it.each([
    ['a newline', 'Splash\npad'],
    ['a carriage return', 'Splash\rpad'],
    ['a CRLF', 'Splash\r\nBcc: someone@example.org'],
    ['a line separator', 'Splash\u2028pad'],
    ['a next-line control', 'Splash\u0085pad'],
  ])('refuse %s inside one-line text as a line break', (_what, value) => {
    // Act
    const result = line.safeParse(value);

    // Assess
    expect(reasonsOf(result)).toEqual(['lineBreak']);
    expect(result.error?.issues[0]?.message).toBe('Please keep this on one line.');
  });

  it('refuses a tab in one-line text', () => {
    expect(reasonsOf(line.safeParse('Splash\tpad'))).toEqual(['controlCharacters']);
  });

  it('keeps newlines and tabs in long text, with CRLF made LF', () => {
    // Act
    const result = long.safeParse('  First point:\r\n\t- shade\r\n\t- water\rThanks  ');

    // Assess
    expect(result.data).toBe('First point:\n\t- shade\n\t- water\nThanks');
  });

  it('normalises to NFC, so a combining accent and a precomposed letter are one string', () => {
    // Act
    const decomposed = line.parse('Cafe\u0301 del parque');

    // Assess
    expect(decomposed).toBe('Café del parque');
    expect(decomposed).toBe(line.parse('Caf\u00E9 del parque'));
    expect(decomposed).toHaveLength(15);
  });

  it('counts length after normalising, so a decomposed letter is one character of the maximum', () => {
    // Prepare
    const short = oneLineText({ max: 4 });

    // Act & Assess
    expect(short.safeParse('Cafe\u0301').success).toBe(true);
    expect(short.safeParse('Cafés').success).toBe(false);
  });

  it('trims, and refuses text that is only spaces', () => {
    expect(line.parse('  Riverside park  ')).toBe('Riverside park');
    expect(line.safeParse('   ').success).toBe(false);
  });

  it.each([
    ['emoji with joiners and skin tones', 'Familia 👨‍👩‍👧‍👦 y 👍🏽 🇪🇸'],
    ['Chinese', '河畔公园改造'],
    ['Japanese', '公園のリニューアル'],
    ['Arabic', 'تجديد حديقة النهر'],
    ['Hebrew', 'חידוש הפארק'],
    ['mixed Arabic and English', 'Park تجديد 2026'],
    ['Devanagari', 'नदी किनारे पार्क'],
  ])('accepts %s', (_what, value) => {
    // Act
    const result = line.safeParse(value);

    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toBe(value.normalize('NFC'));
  });

  it('registers each block with its kind, and keeps it through `describe` and `optional`', () => {
    // Prepare
    const described = line.describe('A title.');

    // Act & Assess
    expect(textFields.get(line)).toEqual({ kind: 'line' });
    expect(textFields.get(long)).toEqual({ kind: 'long' });
    expect(textFields.get(described)).toEqual({ kind: 'line' });
    expect(textFields.get(personName)).toEqual({ kind: 'line' });
    expect(textFields.get(line.optional())).toBeUndefined();
  });

  it('uses person-facing messages for lengths when given them', () => {
    // Prepare
    const name = oneLineText({ max: 5, tooLong: 'Please shorten it.', tooShort: 'Please write it.' });

    // Act & Assess
    expect(name.safeParse('Anastasia').error?.issues[0]?.message).toBe('Please shorten it.');
    expect(name.safeParse(' ').error?.issues[0]?.message).toBe('Please write it.');
  });
});

describe('text stored before the rule', () => {
  it('is made to follow it: line breaks become spaces in one line, forbidden characters go', () => {
    // Act
    const line = followTextRule(' Where\r\nshould\u0000 it\u202E go? ', 'line');
    const long = followTextRule('First\r\nsecond\uD800\tthird', 'long');

    // Assess
    expect(line).toBe('Where should it go?');
    expect(oneLineText({ max: 100 }).safeParse(line).success).toBe(true);
    expect(long).toBe('First\nsecond\tthird');
  });
});

describe('localized text', () => {
  it('applies the one-line rule to every language of a title', () => {
    // Act
    const result = localizedText(200).safeParse({ en: 'Park', es: 'Parque\u202E' });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['es']);
  });

  it('keeps lines in a long description and normalises each language', () => {
    // Act
    const result = localizedText(4000, 'long').parse({ en: 'One.\r\nTwo.', es: 'Cafe\u0301.' });

    // Assess
    expect(result).toEqual({ en: 'One.\nTwo.', es: 'Café.' });
  });
});

describe('a person’s name', () => {
  it('follows the text rule and names its reason', () => {
    // Act
    const result = personName.safeParse('Ana\u202Egnp.exe');

    // Assess
    expect(reasonsOf(result)).toContain('controlCharacters');
  });

  it('still refuses invisible format characters no name needs', () => {
    expect(personName.safeParse('A\u200Bna').success).toBe(false);
  });

  it('is normalised to NFC', () => {
    expect(personName.parse('Jose\u0301')).toBe('José');
  });
});
