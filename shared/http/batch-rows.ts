import type { z } from 'zod';
import type { BatchRowValidation } from '../domain/batch-intake';
import { safeParseForPeople } from './field-messages';
import { parseForm } from './form';

/**
 * How an owning context's batch intake reads a row as its web route reads a resident's post: a
 * CSV row (`flat`) is text by dotted column name, so it becomes the body a plain HTML form with the
 * same names would post (`participant.email`, `answers.often`); a JSON row is the body already.
 */
export function rowAsBody(
  data: Record<string, unknown>,
  flat: boolean,
  bodySchema: z.ZodType,
): Record<string, unknown> {
  if (!flat) return data;
  return parseForm(new URLSearchParams(data as Record<string, string>).toString(), bodySchema).body;
}

/** Checks a row with the web route's body schema and its field messages, as `validateRow` answers. */
export function checkRowWith<S extends z.ZodType>(
  bodySchema: S,
  body: unknown,
): { ok: true; value: z.output<S> } | Extract<BatchRowValidation, { ok: false }> {
  const parsed = safeParseForPeople(bodySchema, body, 'en');
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  };
}
