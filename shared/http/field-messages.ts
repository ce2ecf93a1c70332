import { z } from 'zod';
import { type MessageLanguage, type Messages, messagesFor } from '../messages';

/**
 * Field messages written for the person filling in the form ("Please enter your email address"),
 * in their language, instead of zod's defaults ("Invalid input: expected string, received
 * undefined"). Each language's `field.*` catalogue (shared/messages/) turns each zod issue — its code, what was expected,
 * the bounds, the format, a custom issue's `params.reason` — and the field's label into a sentence.
 *
 * zod asks us for a message only where a schema wrote none of its own (a per-parse error map comes
 * after schema-level messages), so a schema's specific English message survives in English. In
 * other languages a structured issue (too short, wrong format…) is worded from the catalogue, since
 * a translated sentence about the right field serves a reader better than an English one; a custom
 * issue keeps its own English message unless its `params.reason` has a translation.
 */

// The catalogue and the reader's language live with every other resident-facing text.
export { type MessageLanguage, messageLanguages, negotiateMessageLanguage } from '../messages';

/** What a sentence needs from an issue: a raw issue (in an error map) and a finished one both fit. */
export interface IssueFacts {
  readonly code?: string;
  readonly path?: readonly PropertyKey[];
  readonly input?: unknown;
  readonly message?: string;
  readonly expected?: string;
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly exact?: boolean;
  readonly format?: string;
  readonly values?: readonly unknown[];
  readonly divisor?: number;
  readonly keys?: readonly string[];
  readonly params?: Record<string, unknown>;
}

/** A field's name in a sentence, article or possessive included ("your email address", "el título"). */
type Label = string;
type Catalogue = Messages['field'];

const catalogueIn = (language: MessageLanguage): Catalogue => messagesFor(language).field;

/** The page and problem texts around the field messages, in `language`. */
export const validationTexts = (language: MessageLanguage) => messagesFor(language).page.formError;

/** A segment that is a position in a list, or a language key of localized text (`title.es`). */
const isIndexOrLocale = (segment: string) =>
  /^\d+$/.test(segment) || /^[a-z]{2,3}(-[A-Z]{2})?$/.test(segment);

/** The label of the field at `path`: its own name's, its parent's label for children, or "this field". */
function labelOf(path: readonly PropertyKey[], catalogue: Catalogue): { label: Label; generic: boolean } {
  const segments = path.map(String);
  for (let index = segments.length - 1; index >= 0; index--) {
    const segment = segments[index] as string;
    const own = (catalogue.labels as Record<string, Label>)[segment];
    if (own !== undefined) return { label: own, generic: false };
    const parent =
      index > 0 ? (catalogue.childLabels as Record<string, Label>)[segments[index - 1] as string] : undefined;
    if (parent !== undefined) return { label: parent, generic: false };
    if (!isIndexOrLocale(segment)) break;
  }
  return { label: catalogue.anyField, generic: true };
}

const isMissing = (input: unknown) => input === undefined || input === null;

function formatBound(
  value: number | bigint | undefined,
  origin: string | undefined,
  language: MessageLanguage,
) {
  if (value === undefined) return '';
  if (origin === 'date') {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(Number(value)),
    );
  }
  return new Intl.NumberFormat(language).format(value);
}

/**
 * The sentence for one issue in `language`. Structured issues are worded from their facts; a custom
 * issue by its `params.reason` when the catalogue knows it, else by its own message.
 */
export function fieldMessage(issue: IssueFacts, language: MessageLanguage): string {
  const catalogue = catalogueIn(language);
  const { label, generic } = labelOf(issue.path ?? [], catalogue);
  const required = () => (generic ? catalogue.fillIn : catalogue.required({ label }));
  const bound = (value: number | bigint | undefined) => formatBound(value, issue.origin, language);

  switch (issue.code) {
    case 'invalid_type':
      if (isMissing(issue.input)) {
        // A required box left unticked sends nothing at all.
        if (issue.expected === 'boolean') return catalogue.tickBox({ label });
        if (issue.expected === 'object' || issue.expected === 'record')
          return generic ? catalogue.fillIn : catalogue.fillInGroup({ label });
        return required();
      }
      switch (issue.expected) {
        case 'string':
          return catalogue.asText({ label });
        case 'number':
          return catalogue.asNumber({ label });
        case 'int':
          return catalogue.asWholeNumber({ label });
        case 'boolean':
          return catalogue.yesOrNo({ label });
        case 'array':
        case 'set':
          return catalogue.asList({ label });
        case 'date':
          return catalogue.asDate({ label });
        default:
          return catalogue.check({ label });
      }
    case 'too_small': {
      const n = Number(issue.minimum);
      const inclusive = issue.inclusive !== false;
      switch (issue.origin) {
        case 'string':
          return n <= 1 && !issue.exact
            ? required()
            : catalogue.atLeastCharacters({ label, n: bound(issue.minimum), exact: issue.exact === true });
        case 'number':
        case 'int':
        case 'bigint':
          return catalogue.atLeastNumber({ label, n: bound(issue.minimum), inclusive });
        case 'array':
        case 'set':
          return catalogue.atLeastItems({ label, n, formatted: bound(issue.minimum) });
        case 'date':
          return catalogue.notBefore({ label, date: bound(issue.minimum) });
        default:
          return catalogue.check({ label });
      }
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      const inclusive = issue.inclusive !== false;
      switch (issue.origin) {
        case 'string':
          return catalogue.atMostCharacters({ label, n: bound(issue.maximum), exact: issue.exact === true });
        case 'number':
        case 'int':
        case 'bigint':
          return catalogue.atMostNumber({ label, n: bound(issue.maximum), inclusive });
        case 'array':
        case 'set':
          return catalogue.atMostItems({ label, n, formatted: bound(issue.maximum) });
        case 'date':
          return catalogue.notAfter({ label, date: bound(issue.maximum) });
        default:
          return catalogue.check({ label });
      }
    }
    case 'invalid_format':
      switch (issue.format) {
        case 'email':
          return catalogue.email({ label });
        case 'url':
          return catalogue.url({ label });
        case 'date':
          return catalogue.date({ label });
        case 'datetime':
          return catalogue.datetime({ label });
        case 'time':
          return catalogue.time({ label });
        default:
          return catalogue.format({ label });
      }
    case 'invalid_value':
      if (issue.values?.length === 1 && issue.values[0] === true) return catalogue.tickBox({ label });
      return isMissing(issue.input) && !generic
        ? catalogue.choose({ label })
        : catalogue.oneOfTheOptions({ label });
    case 'not_multiple_of':
      return catalogue.multipleOf({
        label,
        divisor: new Intl.NumberFormat(language).format(issue.divisor ?? 1),
      });
    case 'invalid_union':
      return isMissing(issue.input) ? required() : catalogue.check({ label });
    case 'unrecognized_keys':
      return catalogue.unexpectedFields({ keys: (issue.keys ?? []).join(', ') });
    case 'custom': {
      const reason = issue.params?.reason;
      const reasons = catalogue.reasons as Record<string, (values: { label: Label }) => string>;
      const byReason = typeof reason === 'string' ? reasons[reason] : undefined;
      if (byReason) return byReason({ label });
      // A refinement's own sentence is written for people (in English); zod's bare default is not.
      return issue.message && issue.message !== 'Invalid input' ? issue.message : catalogue.check({ label });
    }
    default:
      return catalogue.check({ label });
  }
}

/**
 * zod's per-parse error map in `language`: zod calls it for every issue whose schema wrote no
 * message of its own.
 */
export const fieldErrorMap =
  (language: MessageLanguage): z.core.$ZodErrorMap =>
  (issue) =>
    fieldMessage(issue as IssueFacts, language);

/** Whether zod is about to report a whole group of fields (an object) as missing. */
const isMissingGroup = (issue: IssueFacts) =>
  issue.code === 'invalid_type' && issue.expected === 'object' && isMissing(issue.input);

const pathKey = (path: readonly PropertyKey[] | undefined) => JSON.stringify((path ?? []).map(String));

/**
 * The issues of an empty group. A refinement written for a group that has its fields may throw on
 * an empty one: the group is then reported as a whole, as zod did, rather than failing the request.
 */
function emptyGroupIssues(group: z.ZodType, language: MessageLanguage) {
  try {
    return safeParseForPeople(group, {}, language);
  } catch {
    return undefined;
  }
}

/**
 * Parses `value` with every issue worded for a person in `language`. When a whole group of fields
 * is absent — a form whose `participant.email` was left empty sends no `participant` at all — the
 * issues are those of the group's own required fields (`participant.email`: "Please enter your
 * email address"), so each names a field the person can see and fill in.
 */
export function safeParseForPeople<S extends z.ZodType>(
  schema: S,
  value: unknown,
  language: MessageLanguage,
): z.ZodSafeParseResult<z.output<S>> {
  const missingGroups = new Map<string, z.ZodType>();
  const wording = fieldErrorMap(language);
  const parsed = schema.safeParse(value, {
    reportInput: true,
    error: (issue) => {
      if (isMissingGroup(issue as IssueFacts) && issue.inst && 'safeParse' in issue.inst)
        missingGroups.set(pathKey(issue.path), issue.inst as z.ZodType);
      return wording(issue);
    },
  });
  if (parsed.success) return parsed;

  const issues = parsed.error.issues.flatMap((issue): z.core.$ZodIssue[] => {
    const group = isMissingGroup(issue) ? missingGroups.get(pathKey(issue.path)) : undefined;
    const inner = group ? emptyGroupIssues(group, language) : undefined;
    if (inner && !inner.success && inner.error.issues.length > 0) {
      return inner.error.issues.map((nested) => ({ ...nested, path: [...issue.path, ...nested.path] }));
    }
    // Schema-written sentences are English: other languages word structured issues from the catalogue.
    const reworded =
      (issue.code === 'custom' && typeof issue.params?.reason === 'string') ||
      (language !== 'en' && issue.code !== 'custom');
    const { input: _input, ...withoutInput } = issue as z.core.$ZodIssue & { input?: unknown };
    return [
      { ...withoutInput, message: reworded ? fieldMessage(issue as IssueFacts, language) : issue.message },
    ] as z.core.$ZodIssue[];
  });
  return { success: false, error: new z.ZodError(issues) } as never;
}
