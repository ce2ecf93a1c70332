import { z } from 'zod';
import { localizedText } from '../../shared/domain/localized-text';
import { normalizeText, oneLineText, textProblemMessage, textProblems } from '../../shared/domain/text';
import type { FieldError } from '../../shared/http/problem';

/**
 * The question types a survey version may hold, and the rules an answer must meet. Pure domain
 * logic: the survey routes validate every response with `answerErrors`, and a version is only
 * stored once `definitionErrors` finds nothing wrong with it.
 */

/** Question and option ids: short, lower-case, URL- and form-safe. */
export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Use lower-case letters, digits and dashes.');

const option = z.object({ id: slug, label: localizedText(200) });

/** Bounds of a question, shared with what the API answers (answers are parsed, too). */
export const questionBounds = {
  options: 50,
  showIfAnswers: 50,
  scalePoints: 11,
  neighbourhoods: 500,
} as const;

/** Show a question only when an earlier choice question's answer includes one of `anyOf`. */
const showIf = z.object({ questionId: slug, anyOf: z.array(slug).min(1).max(questionBounds.showIfAnswers) });

const common = {
  id: slug,
  title: localizedText(500),
  help: localizedText(2000, 'long').optional(),
  required: z.boolean().default(false),
  showIf: showIf.optional(),
};

const boundingBox = z
  .tuple([
    z.number().min(-180).max(180),
    z.number().min(-90).max(90),
    z.number().min(-180).max(180),
    z.number().min(-90).max(90),
  ])
  .describe('[minLon, minLat, maxLon, maxLat]');

export const question = z.discriminatedUnion('type', [
  z.object({
    ...common,
    type: z.literal('single-choice'),
    options: z.array(option).min(2).max(questionBounds.options),
  }),
  z.object({
    ...common,
    type: z.literal('multi-choice'),
    options: z.array(option).min(2).max(questionBounds.options),
    minSelections: z.number().int().min(0).default(0),
    maxSelections: z.number().int().min(1).optional(),
  }),
  z.object({
    ...common,
    type: z.literal('likert'),
    points: z.number().int().min(3).max(questionBounds.scalePoints).default(5),
    labels: z.object({ low: localizedText(100), high: localizedText(100) }).optional(),
  }),
  z.object({
    ...common,
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
  }),
  z.object({
    ...common,
    type: z.literal('text'),
    long: z.boolean().default(false),
    maxLength: z.number().int().min(1).max(10_000).default(500),
  }),
  z.object({ ...common, type: z.literal('ranking'), options: z.array(option).min(2).max(20) }),
  z.object({
    ...common,
    type: z.literal('location'),
    boundingBox: boundingBox.optional().describe('Points must fall inside; usually the city limits.'),
    neighbourhoods: z
      .array(oneLineText({ max: 100 }))
      .max(questionBounds.neighbourhoods)
      .optional()
      .describe('Offer these instead of a map point.'),
  }),
]);

export type Question = z.output<typeof question>;

/** Problems with a version's questions that a schema cannot see: duplicates and broken skip logic. */
export function definitionErrors(questions: readonly Question[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, Question>();
  questions.forEach((q, index) => {
    const at = (field: string) => `body.questions.${index}.${field}`;
    if (seen.has(q.id))
      errors.push({ path: at('id'), message: `Another question already uses the id "${q.id}".` });
    if ('options' in q) {
      const ids = q.options.map((o) => o.id);
      if (new Set(ids).size !== ids.length)
        errors.push({ path: at('options'), message: 'Option ids must be unique.' });
    }
    if (q.type === 'multi-choice' && q.maxSelections !== undefined) {
      if (q.maxSelections < q.minSelections)
        errors.push({ path: at('maxSelections'), message: 'Must not be below minSelections.' });
      if (q.maxSelections > q.options.length)
        errors.push({ path: at('maxSelections'), message: 'Must not exceed the number of options.' });
    }
    if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.max < q.min) {
      errors.push({ path: at('max'), message: 'Must not be below min.' });
    }
    if (q.type === 'location' && !q.boundingBox && !q.neighbourhoods?.length) {
      errors.push({
        path: at('type'),
        message: 'A location question needs a bounding box, neighbourhoods, or both.',
      });
    }
    if (q.showIf) {
      const source = seen.get(q.showIf.questionId);
      if (!source) {
        errors.push({ path: at('showIf.questionId'), message: 'Must name an earlier question.' });
      } else if (source.type !== 'single-choice' && source.type !== 'multi-choice') {
        errors.push({
          path: at('showIf.questionId'),
          message: 'Skip logic can only follow a choice question.',
        });
      } else {
        const known = new Set(source.options.map((o) => o.id));
        q.showIf.anyOf.forEach((id, i) => {
          if (!known.has(id))
            errors.push({
              path: at(`showIf.anyOf.${i}`),
              message: `"${id}" is not an option of "${source.id}".`,
            });
        });
      }
    }
    seen.set(q.id, q);
  });
  return errors;
}

/** Whether a question is shown, given the answers to the questions before it. */
export function isShown(q: Question, answers: Readonly<Record<string, unknown>>): boolean {
  if (!q.showIf) return true;
  const given = answers[q.showIf.questionId];
  const chosen = Array.isArray(given) ? given : given === undefined ? [] : [given];
  return q.showIf.anyOf.some((id) => chosen.includes(id));
}

/** Whether every question the skip logic shows has an answer: a complete response. */
export function isComplete(
  questions: readonly Question[],
  answers: Readonly<Record<string, unknown>>,
): boolean {
  return questions.every((q) => !isShown(q, answers) || !isBlank(answers[q.id]));
}

const isBlank = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** What is wrong with one shown, non-blank answer, or undefined when it is fine. */
function answerProblem(q: Question, value: unknown): string | undefined {
  switch (q.type) {
    case 'single-choice':
      return typeof value === 'string' && q.options.some((o) => o.id === value)
        ? undefined
        : 'Choose one of the offered options.';
    case 'multi-choice': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        return 'Give a list of option ids.';
      if (new Set(value).size !== value.length) return 'Each option may be chosen once.';
      const unknown = value.find((v) => !q.options.some((o) => o.id === v));
      if (unknown !== undefined) return `"${unknown}" is not one of the options.`;
      if (value.length < q.minSelections) return `Choose at least ${q.minSelections}.`;
      if (q.maxSelections !== undefined && value.length > q.maxSelections)
        return `Choose at most ${q.maxSelections}.`;
      return undefined;
    }
    case 'likert':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= q.points
        ? undefined
        : `Choose a whole number from 1 to ${q.points}.`;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'Give a number.';
      if (q.integer && !Number.isInteger(value)) return 'Give a whole number.';
      if (q.min !== undefined && value < q.min) return `Must be at least ${q.min}.`;
      if (q.max !== undefined && value > q.max) return `Must be at most ${q.max}.`;
      return undefined;
    }
    case 'text': {
      if (typeof value !== 'string') return 'Give text.';
      // The rule every text field follows (`shared/domain/text.ts`): a long answer may hold lines.
      const [reason] = textProblems(value, q.long ? 'long' : 'line');
      if (reason) return textProblemMessage(reason);
      return value.length > q.maxLength ? `Keep it to ${q.maxLength} characters.` : undefined;
    }
    case 'ranking': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        return 'Give the option ids in your order of preference.';
      const ids = q.options.map((o) => o.id);
      const complete =
        value.length === ids.length &&
        new Set(value).size === ids.length &&
        ids.every((id) => value.includes(id));
      return complete ? undefined : 'Rank every option exactly once.';
    }
    case 'location': {
      if (typeof value !== 'object' || value === null)
        return 'Give a point ({ lat, lon }) or a neighbourhood.';
      const { lat, lon, neighbourhood } = value as { lat?: unknown; lon?: unknown; neighbourhood?: unknown };
      if (neighbourhood !== undefined) {
        return typeof neighbourhood === 'string' && q.neighbourhoods?.includes(neighbourhood)
          ? undefined
          : 'Choose one of the listed neighbourhoods.';
      }
      if (!q.boundingBox) return 'Choose one of the listed neighbourhoods.';
      if (typeof lat !== 'number' || typeof lon !== 'number') return 'Give lat and lon as numbers.';
      const [minLon, minLat, maxLon, maxLat] = q.boundingBox;
      return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat
        ? undefined
        : 'This point is outside the area the survey covers.';
    }
  }
}

/**
 * Every problem with a set of answers, each naming its question (`body.answers.<questionId>`):
 * unknown questions, answers to hidden questions, missing required answers, and answers that
 * break their question's rules. An empty list means the response can be stored.
 */
export function answerErrors(
  questions: readonly Question[],
  answers: Readonly<Record<string, unknown>>,
): FieldError[] {
  const errors: FieldError[] = [];
  const path = (id: string) => `body.answers.${id}`;
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) errors.push({ path: path(id), message: 'This survey has no such question.' });
  }
  for (const q of questions) {
    const value = answers[q.id];
    if (!isShown(q, answers)) {
      if (!isBlank(value))
        errors.push({
          path: path(q.id),
          message: 'This question is hidden by an earlier answer; leave it empty.',
        });
      continue;
    }
    if (isBlank(value)) {
      if (q.required) errors.push({ path: path(q.id), message: 'This question needs an answer.' });
      continue;
    }
    const problem = answerProblem(q, value);
    if (problem) errors.push({ path: path(q.id), message: problem });
  }
  return errors;
}

const numeric = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;

/**
 * Answers as a plain HTML form sends them (every value a string, a single checkbox not a list)
 * turned into the types the questions expect, and text answers normalised as every text field is
 * (trimmed, NFC). Values that do not fit are left for `answerErrors` to report.
 */
export function normalizeAnswers(
  questions: readonly Question[],
  answers: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const normalized: Record<string, unknown> = { ...answers };
  for (const q of questions) {
    const value = answers[q.id];
    if (value === undefined) continue;
    if (q.type === 'number' || q.type === 'likert') normalized[q.id] = numeric(value);
    if (q.type === 'text' && typeof value === 'string')
      normalized[q.id] = normalizeText(value, q.long ? 'long' : 'line');
    if ((q.type === 'multi-choice' || q.type === 'ranking') && typeof value === 'string')
      normalized[q.id] = [value];
    if (q.type === 'location' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const point = value as Record<string, unknown>;
      normalized[q.id] = {
        ...point,
        ...('lat' in point ? { lat: numeric(point.lat) } : {}),
        ...('lon' in point ? { lon: numeric(point.lon) } : {}),
      };
    }
  }
  return normalized;
}
