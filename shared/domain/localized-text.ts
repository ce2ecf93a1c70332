import { z } from 'zod';
import { longText, oneLineText, type TextKind } from './text';

/** A BCP 47 tag of the simple kind cities use: `en`, `es`, `pt-BR`. */
export const localeTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'Use a language tag such as `en` or `pt-BR`.');

/**
 * Text in one or more languages: `{ "en": "Park renewal", "es": "Renovación del parque" }`.
 * Staff enter what they have; readers pick with `Accept-Language` or `?lang=` where a route offers it.
 * Each language's text is a text block (`shared/domain/text.ts`): one line (`line`, titles and
 * names) or running text (`long`, descriptions).
 */
export const localizedText = (maxLength: number, kind: TextKind = 'line') =>
  z
    .record(localeTag, kind === 'long' ? longText({ max: maxLength }) : oneLineText({ max: maxLength }))
    .refine((value) => Object.keys(value).length > 0, 'Give the text in at least one language.')
    .describe('Text per language tag, e.g. { "en": "…", "es": "…" }.');

export type LocalizedText = Record<string, string>;

/**
 * The languages a reader asked for, best first: `?lang=` if given, then `Accept-Language` by
 * quality (`es-MX,es;q=0.9,en;q=0.8` → es-MX, es, en), each full tag followed by its base language.
 */
export function preferredLanguages(lang: string | undefined, acceptLanguage: string | undefined): string[] {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
  const tags = [...(lang ? [lang] : []), ...ranked];
  return [...new Set(tags.flatMap((tag) => [tag, tag.split('-')[0] as string]))];
}

/** The text in the first preferred language it has, else in `fallback`, else in any language it has. */
export function pickLanguage(
  text: LocalizedText,
  preferred: readonly string[],
  fallback: string,
): { text: string; language: string } {
  const language =
    [...preferred, fallback].find((tag) => text[tag] !== undefined) ?? (Object.keys(text)[0] as string);
  return { text: text[language] as string, language };
}
