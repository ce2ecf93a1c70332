import { z } from 'zod';

/**
 * Free text people type into the API: titles, names, bodies, notes, search prefixes. It is stored,
 * published and mailed, so it must not carry characters that change how other text reads or that
 * break what handles it later: C0/C1 controls (NUL, escape, backspace…), lone surrogates (not
 * text at all: encoders replace or reject them), and the bidirectional override and isolate
 * controls that make "gnp.exe" read as "exe.png". Arabic and Hebrew letters, emoji and CJK are
 * text like any other; only these invisible controls are refused.
 *
 * Every text field of every request is built from `oneLineText` or `longText` (or from
 * `localizedText` and `personName`, which build on them), so the rule lives here once.
 */

/** `line`: a title, a name, a search prefix, one line. `long`: a body or a note, where newlines and tabs belong. */
export type TextKind = 'line' | 'long';

/**
 * Why a text was refused, in the custom issue's `params.reason`: clients and the field-message
 * catalogue key on it rather than on the English sentence.
 */
export type TextIssueReason = 'controlCharacters' | 'lineBreak';

/**
 * Every text block, by kind. Tests walk the route schemas and find their text fields here, so a
 * field declared with a plain `z.string()` is caught rather than silently skipping the rule.
 */
export const textFields = z.registry<{ kind: TextKind }>();

/** Bidirectional embedding, override (U+202A–U+202E) and isolate (U+2066–U+2069) controls. */
const bidiControl = /[\u202A-\u202E\u2066-\u2069]/u;
/** C0 and C1 controls (DEL included) and lone surrogates. `\p{Cs}` with `u` matches only unpaired halves. */
const controlOrSurrogate = /[\p{Cc}\p{Cs}]/u;
/** What long text may keep of the controls: newline and tab. */
const controlOrSurrogateExceptLayout = /[^\P{Cc}\n\t]|\p{Cs}/u;
/** Line breaks a one-line field must not hold: LF, CR, vertical tab, form feed, NEL, line and paragraph separators. */
const lineBreak = /[\n\r\v\f\u0085\u2028\u2029]/u;

const messages: Record<TextIssueReason, string> = {
  controlCharacters: 'Please remove the invisible or control characters from this text.',
  lineBreak: 'Please keep this on one line.',
};

/**
 * What is wrong with `text` as text of this kind, or nothing. The one refinement every text block
 * runs; exported for the few places that check text outside a schema (survey text answers).
 */
export function textProblems(text: string, kind: TextKind): TextIssueReason[] {
  if (kind === 'long')
    return controlOrSurrogateExceptLayout.test(text) || bidiControl.test(text) ? ['controlCharacters'] : [];
  const reasons: TextIssueReason[] = [];
  if (lineBreak.test(text)) reasons.push('lineBreak');
  const withoutBreaks = text.replace(new RegExp(lineBreak.source, 'gu'), '');
  if (controlOrSurrogate.test(withoutBreaks) || bidiControl.test(withoutBreaks))
    reasons.push('controlCharacters');
  return reasons;
}

/** The person-facing sentence for a refusal (English; translations key on the reason). */
export const textProblemMessage = (reason: TextIssueReason) => messages[reason];

/**
 * Text as it is kept: trimmed, in Unicode NFC (so "é" typed as e + combining accent and "é"
 * precomposed are one string for search, uniqueness and length), and in long text with Windows
 * and old Mac line ends made `\n` (browsers send a textarea's lines as CRLF).
 */
export function normalizeText(text: string, kind: TextKind): string {
  const trimmed = text.trim().normalize('NFC');
  return kind === 'long' ? trimmed.replace(/\r\n?/g, '\n') : trimmed;
}

/**
 * Text stored before this rule, made to follow it: forbidden characters dropped, and in one-line
 * text line breaks made spaces. For records whose reads go through an input schema (survey
 * versions): they were valid when written and must stay readable.
 */
export function followTextRule(text: string, kind: TextKind): string {
  const withoutBreaks =
    kind === 'line' ? text.replace(new RegExp(`(?:${lineBreak.source})+`, 'gu'), ' ') : text;
  const forbidden = kind === 'long' ? controlOrSurrogateExceptLayout : controlOrSurrogate;
  return normalizeText(
    withoutBreaks
      .replace(new RegExp(forbidden.source, 'gu'), '')
      .replace(new RegExp(bidiControl.source, 'gu'), ''),
    kind,
  );
}

export interface TextOptions {
  max: number;
  /** After trimming. @default 1 (blank text is no text; make the field optional instead) */
  min?: number;
  /** A person-facing message for text shorter than `min` (zod's own otherwise). */
  tooShort?: string;
  /** A person-facing message for text longer than `max` (zod's own otherwise). */
  tooLong?: string;
}

function text(kind: TextKind, { max, min = 1, tooShort, tooLong }: TextOptions): z.ZodString {
  // Normalised before the checks, so lengths count what is kept.
  return z
    .string()
    .overwrite((value) => normalizeText(value, kind))
    .check((ctx) => {
      for (const reason of textProblems(ctx.value, kind))
        ctx.issues.push({ code: 'custom', message: messages[reason], input: ctx.value, params: { reason } });
    })
    .min(min, tooShort)
    .max(max, tooLong)
    .register(textFields, { kind });
}

/** One line of text: a title, a name, a place, a search prefix. No line breaks, tabs or control characters. */
export const oneLineText = (options: TextOptions) => text('line', options);

/** Text that may run over lines: a body, a description, a note. Newlines and tabs are kept; other controls are not. */
export const longText = (options: TextOptions) => text('long', options);
