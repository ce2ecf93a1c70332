import { z } from 'zod';
import { preferredLanguages } from '../domain/localized-text';

/**
 * Field messages written for the person filling in the form ("Please enter your email address"),
 * in their language, instead of zod's defaults ("Invalid input: expected string, received
 * undefined"). One catalogue per language turns each zod issue — its code, what was expected,
 * the bounds, the format, a custom issue's `params.reason` — and the field's label into a sentence.
 *
 * zod asks us for a message only where a schema wrote none of its own (a per-parse error map comes
 * after schema-level messages), so a schema's specific English message survives in English. In
 * other languages a structured issue (too short, wrong format…) is worded from the catalogue, since
 * a translated sentence about the right field serves a reader better than an English one; a custom
 * issue keeps its own English message unless its `params.reason` has a translation.
 */

export const messageLanguages = ['en', 'es'] as const;
export type MessageLanguage = (typeof messageLanguages)[number];

/** The first language the reader asked for (`_lang` on a form, then `Accept-Language`) that we have; English otherwise. */
export function negotiateMessageLanguage(
  lang: string | undefined,
  acceptLanguage: string | undefined,
): MessageLanguage {
  const supported = new Set<string>(messageLanguages);
  return (preferredLanguages(lang, acceptLanguage).find((tag) => supported.has(tag)) ??
    'en') as MessageLanguage;
}

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

interface Catalogue {
  /** Field name → label. Keys are the names schemas use, wherever they appear in a path. */
  labels: Record<string, Label>;
  /** Labels for the children of a field, whatever their key (`answers.<questionId>`). */
  childLabels: Record<string, Label>;
  /** When a field has no label of its own. */
  anyField: Label;
  fillIn: string;
  required: (label: Label) => string;
  choose: (label: Label) => string;
  fillInGroup: (label: Label) => string;
  asText: (label: Label) => string;
  asNumber: (label: Label) => string;
  asWholeNumber: (label: Label) => string;
  yesOrNo: (label: Label) => string;
  asList: (label: Label) => string;
  asDate: (label: Label) => string;
  atLeastCharacters: (label: Label, n: string, exact: boolean) => string;
  atMostCharacters: (label: Label, n: string, exact: boolean) => string;
  atLeastNumber: (label: Label, n: string, inclusive: boolean) => string;
  atMostNumber: (label: Label, n: string, inclusive: boolean) => string;
  atLeastItems: (label: Label, n: number, formatted: string) => string;
  atMostItems: (label: Label, n: number, formatted: string) => string;
  notBefore: (label: Label, date: string) => string;
  notAfter: (label: Label, date: string) => string;
  email: (label: Label) => string;
  url: (label: Label) => string;
  date: (label: Label) => string;
  datetime: (label: Label) => string;
  time: (label: Label) => string;
  format: (label: Label) => string;
  tickBox: (label: Label) => string;
  oneOfTheOptions: (label: Label) => string;
  multipleOf: (label: Label, divisor: string) => string;
  unexpectedFields: (keys: string) => string;
  check: (label: Label) => string;
  reasons: Record<string, (label: Label) => string>;
  /** The validation problem and its HTML page. */
  validationTitle: string;
  validationDetail: (count: number) => string;
  checkTheForm: string;
  nothingSaved: string;
  backToForm: string;
  useBackButton: string;
}

const capitalize = (sentence: string) => sentence.charAt(0).toUpperCase() + sentence.slice(1);

const english: Catalogue = {
  labels: {
    email: 'your email address',
    name: 'your name',
    participant: 'your contact details',
    respondent: 'your details',
    phone: 'your phone number',
    consentToContact: 'your consent to be contacted',
    consent: 'your consent',
    confirmsMinimumAge: 'the age confirmation',
    ageBand: 'your age group',
    answers: 'your answers',
    comment: 'your comment',
    rating: 'your rating',
    about: 'what you are rating',
    title: 'the title',
    body: 'the main text',
    summary: 'the summary',
    description: 'the description',
    kind: 'the type',
    type: 'the type',
    category: 'the category',
    parentId: 'the comment you are replying to',
    neighbourhood: 'the neighbourhood',
    neighbourhoods: 'the neighbourhoods',
    location: 'the location',
    lat: 'the latitude',
    lon: 'the longitude',
    address: 'the address',
    website: 'the website',
    openingHours: 'the opening hours',
    accessibilityNotes: 'the accessibility notes',
    skills: 'the skills',
    date: 'the date',
    startsAt: 'the start time',
    endsAt: 'the end time',
    startsOn: 'the start date',
    endsOn: 'the end date',
    startDate: 'the start date',
    endDate: 'the end date',
    opensAt: 'the opening date',
    closesAt: 'the closing date',
    timeZone: 'the time zone',
    capacity: 'the number of places',
    minimumAge: 'the minimum age',
    token: 'the link you followed',
    language: 'the language',
    lang: 'the language',
    note: 'the note',
    reason: 'the reason',
    status: 'the status',
    severity: 'the severity',
    value: 'the value',
    target: 'the target',
    baseline: 'the baseline',
    period: 'the period',
    frequency: 'how often',
    limit: 'the number of results',
    cursor: 'the page link',
    initiativeId: 'the initiative',
    initiativeIds: 'the initiatives',
    engagementId: 'the consultation',
    contributionId: 'the contribution',
    surveyId: 'the survey',
    questionId: 'the question',
    optionIds: 'the options',
    organizationId: 'the organisation',
    organizationIds: 'the organisations',
    shiftId: 'the shift',
    opportunityId: 'the opportunity',
    sessionId: 'the session',
  },
  childLabels: { answers: 'your answer to this question', about: 'what you are rating' },
  anyField: 'this field',
  fillIn: 'Please fill in this field.',
  required: (label) => `Please enter ${label}.`,
  choose: (label) => `Please choose ${label}.`,
  fillInGroup: (label) => `Please fill in ${label}.`,
  asText: (label) => `Please enter ${label} as text.`,
  asNumber: (label) => `Please enter ${label} as a number.`,
  asWholeNumber: (label) => `Please enter ${label} as a whole number.`,
  yesOrNo: (label) => `Please choose yes or no for ${label}.`,
  asList: (label) => `Please give ${label} as a list.`,
  asDate: (label) => `Please enter ${label} as a date.`,
  atLeastCharacters: (label, n, exact) =>
    `Please enter ${exact ? 'exactly' : 'at least'} ${n} characters for ${label}.`,
  atMostCharacters: (label, n, exact) =>
    exact
      ? `Please enter exactly ${n} characters for ${label}.`
      : `Please shorten ${label} to ${n} characters or fewer.`,
  atLeastNumber: (label, n, inclusive) =>
    capitalize(`${label} must be ${inclusive ? `${n} or more` : `more than ${n}`}.`),
  atMostNumber: (label, n, inclusive) =>
    capitalize(`${label} must be ${inclusive ? `${n} or less` : `less than ${n}`}.`),
  atLeastItems: (label, n, formatted) =>
    `Please give at least ${n === 1 ? 'one item' : `${formatted} items`} for ${label}.`,
  atMostItems: (label, n, formatted) =>
    `Please give no more than ${n === 1 ? 'one item' : `${formatted} items`} for ${label}.`,
  notBefore: (label, date) => capitalize(`${label} must be on or after ${date}.`),
  notAfter: (label, date) => capitalize(`${label} must be on or before ${date}.`),
  email: (label) => `Please check ${label}: it should look like name@example.org.`,
  url: (label) => `Please check ${label}: it should be a web address starting with https://.`,
  date: (label) => `Please enter ${label} as a date, such as 2026-05-31.`,
  datetime: (label) => `Please enter ${label} as a date and time, such as 2026-05-31T18:00:00+02:00.`,
  time: (label) => `Please enter ${label} as a time, such as 18:30.`,
  format: (label) => `Please check ${label}: it is not in the expected format.`,
  tickBox: (label) => `Please tick the box for ${label}.`,
  oneOfTheOptions: (label) => `Please choose one of the options offered for ${label}.`,
  multipleOf: (label, divisor) => capitalize(`${label} must be a multiple of ${divisor}.`),
  unexpectedFields: (keys) => `Please leave out the fields this form does not use: ${keys}.`,
  check: (label) => `Please check ${label}.`,
  reasons: {
    controlCharacters: (label) => `Please remove the invisible or control characters from ${label}.`,
    lineBreak: (label) => `Please write ${label} on one line.`,
  },
  validationTitle: 'Some fields need fixing',
  validationDetail: (count) => `${count} field${count === 1 ? '' : 's'} did not pass validation.`,
  checkTheForm: 'please check the form',
  nothingSaved: 'Nothing was saved.',
  backToForm: 'Go back to the form',
  useBackButton: 'Use your browser’s back button to return to the form.',
};

/** "de el título" → "del título", as Spanish contracts it. */
const de = (label: Label) => (label.startsWith('el ') ? `del ${label.slice(3)}` : `de ${label}`);

/** Spanish in the "usted" register, as city websites write it. */
const spanish: Catalogue = {
  labels: {
    email: 'su correo electrónico',
    name: 'su nombre',
    participant: 'sus datos de contacto',
    respondent: 'sus datos',
    phone: 'su número de teléfono',
    consentToContact: 'su consentimiento para que le contactemos',
    consent: 'su consentimiento',
    confirmsMinimumAge: 'la confirmación de su edad',
    ageBand: 'su franja de edad',
    answers: 'sus respuestas',
    comment: 'su comentario',
    rating: 'su valoración',
    about: 'lo que valora',
    title: 'el título',
    body: 'el texto principal',
    summary: 'el resumen',
    description: 'la descripción',
    kind: 'el tipo',
    type: 'el tipo',
    category: 'la categoría',
    parentId: 'el comentario al que responde',
    neighbourhood: 'el barrio',
    neighbourhoods: 'los barrios',
    location: 'la ubicación',
    lat: 'la latitud',
    lon: 'la longitud',
    address: 'la dirección',
    website: 'el sitio web',
    openingHours: 'el horario',
    accessibilityNotes: 'las notas de accesibilidad',
    skills: 'las habilidades',
    date: 'la fecha',
    startsAt: 'la hora de inicio',
    endsAt: 'la hora de finalización',
    startsOn: 'la fecha de inicio',
    endsOn: 'la fecha de finalización',
    startDate: 'la fecha de inicio',
    endDate: 'la fecha de finalización',
    opensAt: 'la fecha de apertura',
    closesAt: 'la fecha de cierre',
    timeZone: 'la zona horaria',
    capacity: 'el número de plazas',
    minimumAge: 'la edad mínima',
    token: 'el enlace que ha seguido',
    language: 'el idioma',
    lang: 'el idioma',
    note: 'la nota',
    reason: 'el motivo',
    status: 'el estado',
    severity: 'la gravedad',
    value: 'el valor',
    target: 'el objetivo',
    baseline: 'el valor de referencia',
    period: 'el periodo',
    frequency: 'la frecuencia',
    limit: 'el número de resultados',
    cursor: 'el enlace de página',
    initiativeId: 'la iniciativa',
    initiativeIds: 'las iniciativas',
    engagementId: 'el proceso participativo',
    contributionId: 'la aportación',
    surveyId: 'la encuesta',
    questionId: 'la pregunta',
    optionIds: 'las opciones',
    organizationId: 'la organización',
    organizationIds: 'las organizaciones',
    shiftId: 'el turno',
    opportunityId: 'la oportunidad de voluntariado',
    sessionId: 'la sesión',
  },
  childLabels: { answers: 'su respuesta a esta pregunta', about: 'lo que valora' },
  anyField: 'este campo',
  fillIn: 'Rellene este campo.',
  required: (label) => `Indique ${label}.`,
  choose: (label) => `Seleccione ${label}.`,
  fillInGroup: (label) => `Complete ${label}.`,
  asText: (label) => `Escriba ${label} como texto.`,
  asNumber: (label) => `Indique ${label} con un número.`,
  asWholeNumber: (label) => `Indique ${label} con un número entero.`,
  yesOrNo: (label) => `Indique sí o no en ${label}.`,
  asList: (label) => `Indique ${label} en forma de lista.`,
  asDate: (label) => `Indique ${label} como una fecha.`,
  atLeastCharacters: (label, n, exact) =>
    `Escriba ${exact ? 'exactamente' : 'al menos'} ${n} caracteres en ${label}.`,
  atMostCharacters: (label, n, exact) =>
    exact
      ? `Escriba exactamente ${n} caracteres en ${label}.`
      : `Acorte ${label} a ${n} caracteres como máximo.`,
  atLeastNumber: (label, n, inclusive) =>
    capitalize(`${label} debe ser ${inclusive ? 'igual o superior' : 'superior'} a ${n}.`),
  atMostNumber: (label, n, inclusive) =>
    capitalize(`${label} debe ser ${inclusive ? 'igual o inferior' : 'inferior'} a ${n}.`),
  atLeastItems: (label, n, formatted) =>
    `Indique al menos ${n === 1 ? 'un elemento' : `${formatted} elementos`} en ${label}.`,
  atMostItems: (label, n, formatted) =>
    `Indique como máximo ${n === 1 ? 'un elemento' : `${formatted} elementos`} en ${label}.`,
  notBefore: (label, date) => capitalize(`${label} no puede ser anterior al ${date}.`),
  notAfter: (label, date) => capitalize(`${label} no puede ser posterior al ${date}.`),
  email: (label) => `Revise ${label}: debe tener la forma nombre@ejemplo.org.`,
  url: (label) => `Revise ${label}: debe ser una dirección web que empiece por https://.`,
  date: (label) => `Indique ${label} como una fecha, por ejemplo 2026-05-31.`,
  datetime: (label) => `Indique ${label} como fecha y hora, por ejemplo 2026-05-31T18:00:00+02:00.`,
  time: (label) => `Indique ${label} como una hora, por ejemplo 18:30.`,
  format: (label) => `Revise ${label}: no tiene el formato esperado.`,
  tickBox: (label) => `Marque la casilla ${de(label)}.`,
  oneOfTheOptions: (label) => `Seleccione una de las opciones disponibles para ${label}.`,
  multipleOf: (label, divisor) => capitalize(`${label} debe ser múltiplo de ${divisor}.`),
  unexpectedFields: (keys) => `Quite los campos que este formulario no utiliza: ${keys}.`,
  check: (label) => `Revise ${label}.`,
  reasons: {
    controlCharacters: (label) => `Elimine los caracteres invisibles o de control ${de(label)}.`,
    lineBreak: (label) => `Escriba ${label} en una sola línea.`,
  },
  validationTitle: 'Hay campos que corregir',
  validationDetail: (count) => (count === 1 ? 'Un campo no es válido.' : `${count} campos no son válidos.`),
  checkTheForm: 'revise el formulario',
  nothingSaved: 'No se ha guardado nada.',
  backToForm: 'Volver al formulario',
  useBackButton: 'Use el botón «Atrás» de su navegador para volver al formulario.',
};

const catalogues: Record<MessageLanguage, Catalogue> = { en: english, es: spanish };

/** The page and problem texts around the field messages, in `language`. */
export const validationTexts = (language: MessageLanguage) => catalogues[language];

/** A segment that is a position in a list, or a language key of localized text (`title.es`). */
const isIndexOrLocale = (segment: string) =>
  /^\d+$/.test(segment) || /^[a-z]{2,3}(-[A-Z]{2})?$/.test(segment);

/** The label of the field at `path`: its own name's, its parent's label for children, or "this field". */
function labelOf(path: readonly PropertyKey[], catalogue: Catalogue): { label: Label; generic: boolean } {
  const segments = path.map(String);
  for (let index = segments.length - 1; index >= 0; index--) {
    const segment = segments[index] as string;
    const own = catalogue.labels[segment];
    if (own !== undefined) return { label: own, generic: false };
    const parent = index > 0 ? catalogue.childLabels[segments[index - 1] as string] : undefined;
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
  const catalogue = catalogues[language];
  const { label, generic } = labelOf(issue.path ?? [], catalogue);
  const required = () => (generic ? catalogue.fillIn : catalogue.required(label));
  const bound = (value: number | bigint | undefined) => formatBound(value, issue.origin, language);

  switch (issue.code) {
    case 'invalid_type':
      if (isMissing(issue.input)) {
        // A required box left unticked sends nothing at all.
        if (issue.expected === 'boolean') return catalogue.tickBox(label);
        if (issue.expected === 'object' || issue.expected === 'record')
          return generic ? catalogue.fillIn : catalogue.fillInGroup(label);
        return required();
      }
      switch (issue.expected) {
        case 'string':
          return catalogue.asText(label);
        case 'number':
          return catalogue.asNumber(label);
        case 'int':
          return catalogue.asWholeNumber(label);
        case 'boolean':
          return catalogue.yesOrNo(label);
        case 'array':
        case 'set':
          return catalogue.asList(label);
        case 'date':
          return catalogue.asDate(label);
        default:
          return catalogue.check(label);
      }
    case 'too_small': {
      const n = Number(issue.minimum);
      const inclusive = issue.inclusive !== false;
      switch (issue.origin) {
        case 'string':
          return n <= 1 && !issue.exact
            ? required()
            : catalogue.atLeastCharacters(label, bound(issue.minimum), issue.exact === true);
        case 'number':
        case 'int':
        case 'bigint':
          return catalogue.atLeastNumber(label, bound(issue.minimum), inclusive);
        case 'array':
        case 'set':
          return catalogue.atLeastItems(label, n, bound(issue.minimum));
        case 'date':
          return catalogue.notBefore(label, bound(issue.minimum));
        default:
          return catalogue.check(label);
      }
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      const inclusive = issue.inclusive !== false;
      switch (issue.origin) {
        case 'string':
          return catalogue.atMostCharacters(label, bound(issue.maximum), issue.exact === true);
        case 'number':
        case 'int':
        case 'bigint':
          return catalogue.atMostNumber(label, bound(issue.maximum), inclusive);
        case 'array':
        case 'set':
          return catalogue.atMostItems(label, n, bound(issue.maximum));
        case 'date':
          return catalogue.notAfter(label, bound(issue.maximum));
        default:
          return catalogue.check(label);
      }
    }
    case 'invalid_format':
      switch (issue.format) {
        case 'email':
          return catalogue.email(label);
        case 'url':
          return catalogue.url(label);
        case 'date':
          return catalogue.date(label);
        case 'datetime':
          return catalogue.datetime(label);
        case 'time':
          return catalogue.time(label);
        default:
          return catalogue.format(label);
      }
    case 'invalid_value':
      if (issue.values?.length === 1 && issue.values[0] === true) return catalogue.tickBox(label);
      return isMissing(issue.input) && !generic ? catalogue.choose(label) : catalogue.oneOfTheOptions(label);
    case 'not_multiple_of':
      return catalogue.multipleOf(label, new Intl.NumberFormat(language).format(issue.divisor ?? 1));
    case 'invalid_union':
      return isMissing(issue.input) ? required() : catalogue.check(label);
    case 'unrecognized_keys':
      return catalogue.unexpectedFields((issue.keys ?? []).join(', '));
    case 'custom': {
      const reason = issue.params?.reason;
      const byReason = typeof reason === 'string' ? catalogue.reasons[reason] : undefined;
      if (byReason) return byReason(label);
      // A refinement's own sentence is written for people (in English); zod's bare default is not.
      return issue.message && issue.message !== 'Invalid input' ? issue.message : catalogue.check(label);
    }
    default:
      return catalogue.check(label);
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
