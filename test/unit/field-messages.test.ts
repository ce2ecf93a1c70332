import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpContexts } from '../../functions/contexts';
import { personName } from '../../shared/domain/participant';
import { oneLineText } from '../../shared/domain/text';
import {
  type MessageLanguage,
  messageLanguages,
  negotiateMessageLanguage,
  safeParseForPeople,
} from '../../shared/http/field-messages';
import { formErrorPage } from '../../shared/http/html';
import { problems } from '../../shared/http/problem';

/** What zod's own English messages look like: none of them may reach a person. */
const zodDefault =
  /Invalid input|expected .*received|Too (small|big): expected|Invalid (option|email|URL|ISO|string|key|element|discriminator)|Unrecognized key/;

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** Values a careless client or a confused form sends: missing, empty, wrong type, too long, malformed, hidden characters. */
const badValues: unknown[] = [
  undefined,
  null,
  '',
  'x',
  -1,
  0,
  1.5,
  1e12,
  true,
  [],
  {},
  ['x'],
  [{}],
  { x: 1 },
  'x'.repeat(20_000),
  Array.from({ length: 300 }, () => 'a'),
  '2026-13-45',
  'not-an-email',
  'a\nb',
  'a\u202Eb',
  'a\u0000b',
];

const variants = (node: JsonSchema | undefined): JsonSchema[] => {
  if (!node) return [];
  const nested = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  return nested.length > 0 ? nested.flatMap(variants) : [node];
};

/** Every field path a schema describes (three levels deep, list items as `0`), from its JSON Schema. */
function fieldPaths(node: JsonSchema | undefined, prefix: string[] = []): string[][] {
  if (prefix.length > 3) return [];
  return variants(node).flatMap((variant) => [
    ...Object.entries(variant.properties ?? {}).flatMap(([key, child]) => [
      [...prefix, key],
      ...fieldPaths(child, [...prefix, key]),
    ]),
    ...(variant.items ? fieldPaths(variant.items, [...prefix, '0']) : []),
  ]);
}

function withValueAt(path: string[], value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let target = root;
  for (const key of path.slice(0, -1)) {
    target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[path.at(-1) as string] = value;
  return root;
}

/** Each route input schema (params, query, body) declared in `functions/contexts.ts`, with bad inputs for it. */
const routeInputs = httpContexts.flatMap((context) =>
  context.routes.flatMap((route) =>
    (['params', 'query', 'body'] as const).flatMap((source) => {
      const schema = route.request[source] as z.ZodType | undefined;
      if (!schema) return [];
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const inputs = [
        ...badValues,
        ...fieldPaths(json).flatMap((path) => badValues.map((value) => withValueAt(path, value))),
      ];
      return [{ name: `${route.operationId} ${source}`, schema, inputs }];
    }),
  ),
);

/** Every issue the bad inputs raise, worded in each language, side by side. */
function wordedIssues() {
  const issues: {
    where: string;
    code: string;
    reason?: unknown;
    messages: Record<MessageLanguage, string>;
  }[] = [];
  for (const { name, schema, inputs } of routeInputs) {
    for (const input of inputs) {
      const worded = messageLanguages.map((language) => safeParseForPeople(schema, input, language));
      const [english, ...others] = worded;
      if (!english || english.success) continue;
      english.error.issues.forEach((issue, index) => {
        const messages = { en: issue.message } as Record<MessageLanguage, string>;
        others.forEach((other, at) => {
          const language = messageLanguages[at + 1] as MessageLanguage;
          messages[language] = other.success ? '' : (other.error.issues[index]?.message ?? '');
        });
        issues.push({
          where: `${name} ${issue.path.join('.')}`,
          code: issue.code,
          reason: issue.code === 'custom' ? issue.params?.reason : undefined,
          messages,
        });
      });
    }
  }
  return issues;
}

describe('field messages', () => {
  describe('over every route schema', () => {
    const issues = wordedIssues();

    it('raises every kind of issue the catalogue words, so the checks below cover them', () => {
      // Assess
      expect([...new Set(issues.map((issue) => issue.code))]).toEqual(
        expect.arrayContaining([
          'invalid_type',
          'too_small',
          'too_big',
          'invalid_format',
          'invalid_value',
          'invalid_union',
          'invalid_key',
          'custom',
        ]),
      );
      expect(new Set(issues.map((issue) => issue.reason).filter(Boolean))).toEqual(
        new Set(['controlCharacters', 'lineBreak']),
      );
    });

    it.each(messageLanguages)('words no field message like zod does, in %s', (language) => {
      // Act
      const defaults = issues.filter(
        (issue) => zodDefault.test(issue.messages[language]) || !issue.messages[language],
      );

      // Assess
      expect(defaults.map((issue) => `${issue.where}: ${issue.messages[language]}`)).toEqual([]);
    });

    it('translates every structured issue and every known refusal reason into Spanish', () => {
      // Act
      const untranslated = issues.filter(
        (issue) =>
          (issue.code !== 'custom' || issue.reason !== undefined) && issue.messages.es === issue.messages.en,
      );

      // Assess
      expect(untranslated.map((issue) => `${issue.where}: ${issue.messages.en}`)).toEqual([]);
    });
  });

  it('names the missing field inside a missing group: a vote form whose email was left empty', () => {
    // Prepare
    const vote = z.object({ participant: z.object({ email: z.email(), name: personName.optional() }) });

    // Act
    const english = safeParseForPeople(vote, {}, 'en');
    const spanish = safeParseForPeople(vote, {}, 'es');

    // Assess
    expect(english.error?.issues).toMatchObject([
      { path: ['participant', 'email'], message: 'Please enter your email address.' },
    ]);
    expect(spanish.error?.issues).toMatchObject([
      { path: ['participant', 'email'], message: 'Indique su correo electrónico.' },
    ]);
  });

  it('keeps a schema’s own English sentence in English and words the issue from the catalogue in Spanish', () => {
    // Prepare
    const tooLong = { name: 'n'.repeat(81) };
    const schema = z.object({ name: personName });

    // Act
    const english = safeParseForPeople(schema, tooLong, 'en');
    const spanish = safeParseForPeople(schema, tooLong, 'es');

    // Assess
    expect(english.error?.issues[0]?.message).toBe('Please shorten your name to 80 characters or fewer.');
    expect(spanish.error?.issues[0]?.message).toBe('Acorte su nombre a 80 caracteres como máximo.');
  });

  it('words a refused text by its reason, naming the field, and keeps other custom sentences as written', () => {
    // Prepare
    const schema = z.object({
      title: oneLineText({ max: 200 }),
      endsOn: z.string().refine(() => false, 'The end date must not be before the start date.'),
    });

    // Act
    const spanish = safeParseForPeople(schema, { title: 'a\u202Eb', endsOn: '2026-01-01' }, 'es');

    // Assess
    expect(spanish.error?.issues.map((issue) => issue.message)).toEqual([
      'Elimine los caracteres invisibles o de control del título.',
      'The end date must not be before the start date.',
    ]);
  });

  it('falls back to "this field" for a field the catalogue has no label for', () => {
    // Act
    const answer = safeParseForPeople(z.object({ widgetCount: z.number().max(3) }), { widgetCount: 9 }, 'es');

    // Assess
    expect(answer.error?.issues[0]?.message).toBe('Este campo debe ser igual o inferior a 3.');
  });

  it.each([
    [undefined, 'es-MX,es;q=0.9,en;q=0.8', 'es'],
    [undefined, 'fr-FR, es;q=0.5', 'es'],
    [undefined, 'de', 'en'],
    [undefined, undefined, 'en'],
    ['es', 'en-GB,en', 'es'],
    ['fr', 'en-GB, es;q=0.3', 'en'],
  ])('answers in the reader’s language (form %s, Accept-Language %s → %s)', (lang, accept, expected) => {
    expect(negotiateMessageLanguage(lang, accept)).toBe(expected);
  });

  describe('the form error page', () => {
    it('links each message to its field on the form’s page, in the reader’s language', () => {
      // Prepare
      const problem = problems.validation(
        [
          { path: 'body.participant.email', message: 'Indique su correo electrónico.' },
          { path: 'body.skills.2', message: 'Acorte las habilidades a 40 caracteres como máximo.' },
        ],
        'es',
      );

      // Act
      const page = formErrorPage(problem, 'https://www.city.example/voluntariado?turno=3#formulario', 'es');

      // Assess
      expect(page).toContain('<html lang="es">');
      expect(page).toContain(
        '<li><a href="https://www.city.example/voluntariado?turno=3#field-participant.email">Indique su correo electrónico.</a></li>',
      );
      expect(page).toContain('#field-skills">');
      expect(page).toContain('No se ha guardado nada.');
      expect(page).toContain('Volver al formulario');
    });

    it('links to the field on the page itself when the browser sent no Referer', () => {
      // Act
      const page = formErrorPage(
        problems.validation([{ path: 'body.email', message: 'Please enter your email address.' }]),
        undefined,
      );

      // Assess
      expect(page).toContain('<li><a href="#field-email">Please enter your email address.</a></li>');
    });

    it('escapes messages and field names, and never links to a non-web Referer', () => {
      // Prepare
      const problem = problems.validation([
        { path: 'body.answers.q"><script>x</script>', message: '<img src=x onerror=alert(1)>' },
      ]);

      // Act
      const page = formErrorPage(problem, 'javascript:alert(1)');

      // Assess
      expect(page).not.toContain('<script>');
      expect(page).not.toContain('<img');
      expect(page).not.toContain('javascript:');
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(page).toContain('href="#field-answers.q%22%3E%3Cscript%3Ex%3C%2Fscript%3E"');
    });
  });
});
