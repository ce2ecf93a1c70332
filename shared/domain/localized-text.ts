import { z } from 'zod';

/** A BCP 47 tag of the simple kind cities use: `en`, `es`, `pt-BR`. */
export const localeTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'Use a language tag such as `en` or `pt-BR`.');

/**
 * Text in one or more languages: `{ "en": "Park renewal", "es": "Renovación del parque" }`.
 * Staff enter what they have; readers pick with `Accept-Language` or `?lang=` where a route offers it.
 */
export const localizedText = (maxLength: number) =>
  z
    .record(localeTag, z.string().trim().min(1).max(maxLength))
    .refine((value) => Object.keys(value).length > 0, 'Give the text in at least one language.')
    .describe('Text per language tag, e.g. { "en": "…", "es": "…" }.');

export type LocalizedText = Record<string, string>;
