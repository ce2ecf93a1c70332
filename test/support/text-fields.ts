import type { z } from 'zod';
import { httpContexts } from '../../functions/contexts';
import { type TextKind, textFields } from '../../shared/domain/text';
import type { AnyRouteContract } from '../../shared/http/route';

/**
 * Reads route input schemas the way the text tests need: where the strings are, which of them are
 * text blocks (`shared/domain/text.ts`), and a valid value to build a request around them. Walks
 * zod 4 definitions (`schema._zod.def`), so it follows what the routes declare, not a list.
 */

/** One step from a value to a part of it: an object key, an array item, a record value, a union option. */
export type Step =
  | { key: string }
  | { item: true }
  | { recordValue: true }
  | { option: number }
  | { pipeOut: true };

/** A string the walker found: where it is, and what it is. */
export interface StringLeaf {
  steps: Step[];
  /** `body.participant.name`, `query.name`: how a field error names it (union options and pipes do not show). */
  path: string;
  /** The text block's kind, when the leaf is one. */
  kind?: TextKind;
  /** A format, a regex, an enum: not free text. */
  structured: boolean;
  schema: z.ZodType;
}

// biome-ignore lint/suspicious/noExplicitAny: zod's internal definitions are walked structurally.
type Def = Record<string, any> & { type: string };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
/** The definitions of a string's checks (`min_length`, `string_format`…). */
const checksOf = (schema: z.ZodType): Def[] =>
  ((defOf(schema).checks ?? []) as { _zod: { def: Def } }[]).map((check) => check._zod.def);
const minLengthOf = (schema: z.ZodType): number =>
  Math.max(0, ...checksOf(schema).flatMap((check) => (check.check === 'min_length' ? [check.minimum] : [])));

const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** A string carrying a format (email, datetime, URL…) or a pattern: a code, not text. */
function isStructuredString(schema: z.ZodType): boolean {
  return (
    defOf(schema).format !== undefined || checksOf(schema).some((check) => check.check === 'string_format')
  );
}

/** The schema under optional/default/… wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (wrappers.has(defOf(current).type)) current = defOf(current).innerType;
  return current;
}

/** The first schema a pipe's input meets: through nested pipes to the string a transform starts from. */
function pipeSource(schema: z.ZodType): z.ZodType {
  let current = unwrap(schema);
  while (defOf(current).type === 'pipe') current = unwrap(defOf(current).in);
  return current;
}

/** The schema a pipe ends in (what a `z.string().trim().pipe(z.email())` finally checks). */
function pipeTarget(schema: z.ZodType): z.ZodType {
  let current = unwrap(schema);
  while (defOf(current).type === 'pipe') current = unwrap(defOf(current).out);
  return current;
}

const pathOf = (source: string, steps: readonly Step[]) =>
  [
    source,
    ...steps.flatMap((step) =>
      'key' in step ? [step.key] : 'item' in step ? ['0'] : 'recordValue' in step ? ['en'] : [],
    ),
  ].join('.');

/**
 * Every string a value of `schema` can hold, with its steps. A pipe that starts from a string
 * (`.trim().pipe(z.email())`, a comma-separated list split by a transform) is one leaf: the raw
 * string the client sent, structured when the pipe ends in a format.
 */
export function stringLeaves(schema: z.ZodType, source: string, steps: Step[] = []): StringLeaf[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  const leaf = (at: z.ZodType, structured: boolean): StringLeaf[] => [
    {
      steps,
      path: pathOf(source, steps),
      kind: textFields.get(at)?.kind,
      structured,
      schema: at,
    },
  ];
  switch (def.type) {
    case 'string':
      return leaf(inner, isStructuredString(inner));
    case 'pipe': {
      const from = pipeSource(inner);
      if (defOf(from).type === 'string') {
        const to = pipeTarget(inner);
        return leaf(
          from,
          isStructuredString(from) || (defOf(to).type === 'string' && isStructuredString(to)),
        );
      }
      // What the client sends is the pipe's input, unless a preprocessing transform comes first.
      return defOf(from).type === 'transform'
        ? stringLeaves(def.out, source, [...steps, { pipeOut: true }])
        : stringLeaves(def.in, source, steps);
    }
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, value]) =>
        stringLeaves(value, source, [...steps, { key }]),
      );
    case 'array':
      return stringLeaves(def.element, source, [...steps, { item: true }]);
    case 'record': {
      // Keys are identifiers (language tags, question ids); each must be structured, or it is a leaf to report.
      const keys = stringLeaves(def.keyType, source, steps).filter((key) => !key.structured);
      return [...keys, ...stringLeaves(def.valueType, source, [...steps, { recordValue: true }])];
    }
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option, index) =>
        stringLeaves(option, source, [...steps, { option: index }]),
      );
    case 'intersection':
      return [...stringLeaves(def.left, source, steps), ...stringLeaves(def.right, source, steps)];
    case 'tuple':
      return (def.items as z.ZodType[]).flatMap((item, index) =>
        stringLeaves(item, source, [...steps, { key: String(index) }]),
      );
    case 'lazy':
      return stringLeaves(def.getter(), source, steps);
    default:
      return [];
  }
}

/** A route's request inputs that can hold text: its body and its query. */
export function requestLeaves(route: AnyRouteContract): StringLeaf[] {
  return [
    ...(route.request.body ? stringLeaves(route.request.body, 'body') : []),
    ...(route.request.query ? stringLeaves(route.request.query, 'query') : []),
  ];
}

/** Every route of every HTTP context, with the context serving it. */
export const everyRoute = httpContexts.flatMap((context) =>
  context.routes.map((route) => ({ context, route })),
);

const ulid = '01J0000000000000000000000A';

/**
 * What one sample is being built with: counters, so that successive dates, instants and numbers
 * rise in declaration order (`opensAt` before `closesAt`, a target apart from its baseline), and
 * the optional fields a cross-field rule asked for (`title` for an idea), by path.
 */
interface SampleState {
  sequence: number;
  numbers: number;
  fill: ReadonlySet<string>;
}

/** A string that meets a structured leaf's format, found by trying the usual suspects. */
function structuredSample(schema: z.ZodType, state: SampleState): string | undefined {
  const n = state.sequence++;
  const two = (value: number) => String(value).padStart(2, '0');
  const candidates = [
    ulid,
    'ana@example.org',
    `2026-06-01T${two(8 + n)}:00:00Z`,
    `2026-06-${two(1 + n)}`,
    'https://www.example.gov/',
    'en',
    'EUR',
    '2026-06',
    'question-1',
    '+34600000000',
    'Europe/Madrid',
    'a',
  ];
  return candidates.find((candidate) => (schema as z.ZodType).safeParse(candidate).success);
}

/** Follows `steps` one at a time; the generator expands exactly the parts on the path. */
const follows = (steps: readonly Step[], step: Step) => {
  const [first] = steps;
  return first !== undefined && JSON.stringify(first) === JSON.stringify(step);
};

type Focus = { steps: readonly Step[]; value: unknown } | undefined;

function sample(schema: z.ZodType, focus: Focus, state: SampleState, at: string): unknown {
  const def = defOf(schema);
  const rest = focus?.steps.slice(1) ?? [];
  const onPath = (step: Step) =>
    focus && follows(focus.steps, step) ? { steps: rest, value: focus.value } : undefined;
  const below = (key: string) => (at === '' ? key : `${at}.${key}`);
  if (focus && focus.steps.length === 0) return focus.value;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
    case 'default':
    case 'prefault':
      return sample(def.innerType, focus, state, at);
    case 'string':
      if (isStructuredString(schema)) return structuredSample(schema, state);
      return 'a'.repeat(Math.max(minLengthOf(schema), 1));
    case 'pipe': {
      const from = pipeSource(schema);
      if (defOf(from).type === 'string') {
        const to = pipeTarget(schema);
        if (focus) return focus.value;
        if (defOf(to).type === 'string' && isStructuredString(to)) return structuredSample(to, state);
        return sample(from, undefined, state, at);
      }
      return defOf(from).type === 'transform'
        ? sample(def.out, onPath({ pipeOut: true }), state, at)
        : sample(def.in, focus, state, at);
    }
    case 'number': {
      const checks = checksOf(schema);
      const floor = checks.find((check) => check.check === 'greater_than')?.value;
      const ceiling = checks.find((check) => check.check === 'less_than')?.value;
      const low = typeof floor === 'number' && Number.isFinite(floor) ? Math.max(Math.ceil(floor), 0) : 0;
      const value = Math.max(low, 1) + state.numbers++;
      return typeof ceiling === 'number' ? Math.min(value, Math.floor(ceiling)) : value;
    }
    case 'boolean':
      return false;
    case 'literal':
      return def.values[0];
    case 'enum':
      return Object.values(def.entries)[0];
    case 'object': {
      const value: Record<string, unknown> = {};
      const fillAll = state.fill.has(`${at}.*`);
      for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const along = onPath({ key });
        const required = !field.safeParse(undefined).success;
        if (along || required || fillAll || state.fill.has(below(key)))
          value[key] = sample(field, along, state, below(key));
        if (value[key] === undefined) delete value[key];
      }
      return value;
    }
    case 'array': {
      const along = onPath({ item: true });
      // A list a rule asked for (a minimum set further down a pipe) gets one item.
      const length = Math.max(minLengthOf(schema), along || state.fill.has(at) ? 1 : 0);
      return Array.from({ length }, (_, index) =>
        sample(def.element, index === 0 ? along : undefined, state, below(String(index))),
      );
    }
    case 'record':
      return { en: sample(def.valueType, onPath({ recordValue: true }), state, below('en')) };
    case 'union': {
      const options = def.options as z.ZodType[];
      const chosen = options.findIndex((_, index) => onPath({ option: index }));
      const index = chosen === -1 ? 0 : chosen;
      return sample(options[index] as z.ZodType, onPath({ option: index }), state, at);
    }
    case 'tuple':
      return (def.items as z.ZodType[]).map((item, index) =>
        sample(item, onPath({ key: String(index) }), state, below(String(index))),
      );
    case 'lazy':
      return sample(def.getter(), focus, state, at);
    default:
      return undefined;
  }
}

/**
 * A value `schema` accepts, as small as it allows: required fields only, the shortest text, the
 * first enum value, a ULID for ids, an example address for emails, dates and numbers rising in
 * declaration order. Along `focus` (a leaf's steps) it also fills the optional parts that lead to
 * the leaf, and puts `focus.value` at the leaf (built around `focus.good` when given, for a bad value). Where a cross-field rule refuses the smallest
 * value (an idea needs a title, "give at least one field"), the optional fields the refusal names
 * are added, a few rounds at most; the result may still be refused: callers check with `safeParse`.
 */
export function sampleValue(
  schema: z.ZodType,
  focus?: { steps: readonly Step[]; value: unknown; good?: unknown },
): unknown {
  const fill = new Set<string>();
  // Rules across fields only run once every field passes: repair around a good value at the leaf.
  const repairing = focus && 'good' in focus ? { steps: focus.steps, value: focus.good } : focus;
  let value = sample(schema, repairing, { sequence: 0, numbers: 0, fill }, '');
  for (let round = 0; round < 4; round++) {
    const parsed = schema.safeParse(value);
    if (parsed.success) break;
    const asked = parsed.error.issues.map((issue) => issue.path.map(String).join('.'));
    const before = fill.size;
    for (const path of asked) {
      fill.add(path);
      // A rule about the whole object ("give at least one field") asks for all of its fields.
      fill.add(`${path}.*`);
    }
    if (fill.size === before) break;
    value = sample(schema, repairing, { sequence: 0, numbers: 0, fill }, '');
  }
  return focus === repairing ? value : sample(schema, focus, { sequence: 0, numbers: 0, fill }, '');
}
