import { runtimeConfig } from '../config/runtime';
import { preferredLanguages } from '../domain/localized-text';
import { en, type Messages } from './en';
import { es } from './es';

/**
 * The message catalogues: every text Civic writes for residents (pages, mails, field messages),
 * one module per shipped language, English the reference (README, "Languages"). A language is
 * shipped when its catalogue is listed here; test/unit/messages.test.ts fails when it lacks a key
 * English has, leaves one empty, or has one English lacks.
 */

export type { Messages } from './en';

export const messageLanguages = ['en', 'es'] as const;
export type MessageLanguage = (typeof messageLanguages)[number];

/** Every shipped language's catalogue, by language. */
export const catalogues: Readonly<Record<MessageLanguage, Messages>> = { en, es };

export const isShippedLanguage = (tag: string): tag is MessageLanguage =>
  (messageLanguages as readonly string[]).includes(tag);

/** `es-MX` → `es`. */
const baseOf = (tag: string) => tag.split('-')[0] as string;

/**
 * The city's languages (`LOCALES`, the first its default). A process whose configuration does not
 * parse still writes its messages, in English: a mail or page is no place to fail over it.
 */
function cityLocales(): readonly string[] {
  try {
    return runtimeConfig().LOCALES;
  } catch {
    return ['en'];
  }
}

/**
 * The shipped language for `requested` by the fallback chain: the tag itself (`es-MX`), its base
 * language (`es`), the city's default language (`LOCALES[0]`, or its base) when shipped, English.
 */
export function resolveMessageLanguage(
  requested: string | undefined,
  locales: readonly string[] = cityLocales(),
): MessageLanguage {
  const cityDefault = locales[0];
  const chain = [
    ...(requested ? [requested, baseOf(requested)] : []),
    ...(cityDefault ? [cityDefault, baseOf(cityDefault)] : []),
  ];
  return chain.find(isShippedLanguage) ?? 'en';
}

/** The catalogue for `requested`, by the fallback chain (`resolveMessageLanguage`). */
export const messagesFor = (requested: string | undefined, locales?: readonly string[]): Messages =>
  catalogues[resolveMessageLanguage(requested, locales)];

/**
 * The language of a page's reader: the first language they asked for (`_lang` on a form, then
 * `Accept-Language`, each tag followed by its base) that is shipped; else the city's default
 * language when shipped; else English.
 */
export function negotiateMessageLanguage(
  lang: string | undefined,
  acceptLanguage: string | undefined,
  locales?: readonly string[],
): MessageLanguage {
  return (
    preferredLanguages(lang, acceptLanguage).find(isShippedLanguage) ??
    resolveMessageLanguage(undefined, locales)
  );
}
