import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpContext } from '../../functions/context';
import { handler as participationHandler } from '../../functions/participation/handler';
import { handler as surveysHandler } from '../../functions/surveys/handler';
import { documentClient } from '../../shared/db/client';
import { keys } from '../../shared/db/keys';
import type { AnyRouteContract } from '../../shared/http/route';
import { allItems, call } from '../support/api';
import { createSurvey } from '../support/survey-fixtures';
import { everyRoute, requestLeaves, type StringLeaf, sampleValue } from '../support/text-fields';

/**
 * Generated from the route declarations, not listed by hand: every text field of every route's
 * body and query × each kind of character no text may hold → 422 problem+json naming that field,
 * and the table exactly as it was. A new text field is covered as soon as it is declared.
 */

type Handler = Parameters<typeof call>[0];

const badValues = {
  line: [
    ['a NUL', 'Riverside\u0000park'],
    ['a lone surrogate', 'Riverside\uD800park'],
    ['a right-to-left override', 'Riverside\u202Ekrap'],
    ['a CR/LF', 'Riverside\r\nBcc: someone@example.org'],
  ],
  long: [
    ['a NUL', 'Riverside\u0000park'],
    ['a lone surrogate', 'Riverside\uD800park'],
    ['a right-to-left override', 'Riverside\u202Ekrap'],
  ],
} as const;

/** A good value for the same field: what the bad one would be without its bad character. */
const goodValue = 'Riverside park';

const ulid = '01J0000000000000000000000A';

/** The route's path with an ID for each parameter: validation comes before any record is read. */
const pathOf = (route: AnyRouteContract) => route.path.replace(/\{[^}]+\}/g, ulid);

const roleFor = (route: AnyRouteContract) =>
  typeof route.auth === 'object' ? (route.auth.roles[0] ?? 'admin') : undefined;

/** A query as a query string carries it: every value a string, lists comma-separated. */
const asQuery = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((value ?? {}) as Record<string, unknown>).map(([key, v]) => [
      key,
      Array.isArray(v) ? v.join(',') : String(v),
    ]),
  );

/** The request that puts `value` at `leaf`, every other field given a valid value. */
function requestFor(route: AnyRouteContract, leaf: StringLeaf, value: string) {
  const source = leaf.path.startsWith('query.') ? 'query' : 'body';
  const schema = route.request[source];
  const sample = sampleValue(schema, { steps: leaf.steps, value, good: goodValue });
  const query = source === 'query' ? asQuery(sample) : undefined;
  const body = source === 'body' ? sample : route.request.body ? sampleValue(route.request.body) : undefined;
  return { method: route.method, path: pathOf(route), role: roleFor(route), query, body };
}

/** Whether the request is valid but for the focused field: then the field must be the only fault. */
function baseIsValid(route: AnyRouteContract, leaf: StringLeaf): boolean {
  const request = requestFor(route, leaf, goodValue);
  const bodyValid = !route.request.body || route.request.body.safeParse(request.body).success;
  const queryValid = !route.request.query || route.request.query.safeParse(request.query ?? {}).success;
  return bodyValid && queryValid;
}

const textRoutes = everyRoute
  .map(({ context, route }) => ({
    context,
    route,
    leaves: requestLeaves(route).filter((leaf) => leaf.kind !== undefined),
  }))
  .filter(({ leaves }) => leaves.length > 0);

const handlers = new Map<string, Handler>();
/** Fields whose request could not be made valid but for them (cross-field rules): reported, and only checked for naming. */
const underived: string[] = [];

beforeAll(async () => {
  for (const context of new Set(textRoutes.map(({ context }) => context))) {
    // Each context's own handler module, as the local gateway loads it from the declaration's `entry`.
    const module = (await import(/* @vite-ignore */ `../../${context.entry}`)) as { handler: Handler };
    handlers.set((context as HttpContext).name, module.handler);
  }
});

afterAll(() => {
  if (underived.length > 0) console.info(`Text fields checked for naming only:\n  ${underived.join('\n  ')}`);
});

describe('text fields refuse control and invisible characters', () => {
  it('covers the routes residents and staff write text to', () => {
    // Assess: the generated list reaches every context that takes text (a walker that found nothing would pass vacuously).
    expect(new Set(textRoutes.map(({ context }) => context.name))).toEqual(
      new Set([
        'participation',
        'surveys',
        'mapping',
        'partnerships',
        'volunteering',
        'meetings',
        'evaluation',
        'batches',
        'petitions',
      ]),
    );
    expect(textRoutes.map(({ route }) => route.operationId)).toEqual(
      expect.arrayContaining([
        'submitContribution',
        'signUpForShift',
        'giveFeedback',
        'listDirectory',
        'draftPetition',
      ]),
    );
  });

  describe.each(textRoutes.map((entry) => [`${entry.route.method} ${entry.route.path}`, entry] as const))(
    '%s',
    (_name, { context, route, leaves }) => {
      it.each(leaves.map((leaf) => [leaf.path, leaf] as const))(
        'answers 422 naming %s for each bad character, and writes nothing',
        async (_path, leaf) => {
          // Prepare
          const send = handlers.get(context.name) as Handler;
          const onlyFault = baseIsValid(route, leaf);
          if (!onlyFault) underived.push(`${route.operationId} ${leaf.path}`);

          // A query string is read as UTF-8 (`shared/http/request.ts`), where a lone surrogate can only
          // arrive as U+FFFD, a character like any other: it is a body's case alone.
          const cases = badValues[leaf.kind ?? 'line'].filter(
            ([what]) => !(leaf.path.startsWith('query.') && what === 'a lone surrogate'),
          );
          for (const [what, value] of cases) {
            const before = await allItems();

            // Act
            const answer = await call(send, requestFor(route, leaf, value));

            // Assess
            const paths = ((answer.json?.errors ?? []) as { path: string }[]).map((error) => error.path);
            expect(answer.status, `${what}: ${answer.body}`).toBe(422);
            expect(answer.headers['content-type']).toBe('application/problem+json');
            expect(paths, what).toContain(leaf.path);
            if (onlyFault) expect(new Set(paths), what).toEqual(new Set([leaf.path]));
            expect(await allItems()).toEqual(before);
          }
        },
      );
    },
  );
});

describe('text through a plain form post', () => {
  it('refuses a NUL in a form field with the HTML error page, and writes nothing', async () => {
    // Prepare
    const before = await allItems();

    // Act
    const answer = await call(participationHandler, {
      method: 'POST',
      path: `/engagements/${ulid}/contributions`,
      rawBody: 'kind=idea&title=Splash%00pad&body=Somewhere+cool',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.body).toMatch(/<a href="#field-title">[^<]*invisible or control characters/);
    expect(await allItems()).toEqual(before);
  });
});

describe('accepted text', () => {
  it('is stored trimmed and in NFC, with letters of every script and emoji kept', async () => {
    // Prepare
    const title = '  Cafe\u0301 del río · تجديد الحديقة · 河畔公园 👨‍👩‍👧  ';

    // Act
    const created = await call(participationHandler, {
      method: 'POST',
      path: '/initiatives',
      role: 'coordinator',
      body: { title: { en: title }, summary: { en: 'Two lines:\r\nshade and water.' } },
    });

    // Assess
    expect(created.status).toBe(201);
    const read = await call(participationHandler, {
      method: 'GET',
      path: `/initiatives/${created.json.initiativeId}`,
    });
    expect(read.json.title.en).toBe('Café del río · تجديد الحديقة · 河畔公园 👨‍👩‍👧');
    expect(read.json.summary.en).toBe('Two lines:\nshade and water.');
  });
});

describe('survey text answers', () => {
  const questions = [
    { id: 'where', type: 'text', title: { en: 'Where?' }, required: true },
    { id: 'why', type: 'text', long: true, title: { en: 'Why?' } },
  ];

  it.each([
    ['a NUL', { where: 'By the\u0000river' }, 'body.answers.where'],
    ['a right-to-left override', { where: 'By the river', why: 'Shade\u202E' }, 'body.answers.why'],
    ['a line break in a one-line answer', { where: 'By the\nriver' }, 'body.answers.where'],
  ])('refuse %s with 422 naming the answer, and write nothing', async (_what, answers, path) => {
    // Prepare
    const { surveyId } = await createSurvey(questions);
    const before = await allItems();

    // Act
    const answer = await call(surveysHandler, {
      method: 'POST',
      path: `/surveys/${surveyId}/responses`,
      body: { answers },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((error: { path: string }) => error.path)).toEqual([path]);
    expect(await allItems()).toEqual(before);
  });

  it('keep lines in a long answer and are stored trimmed and in NFC', async () => {
    // Prepare
    const { surveyId } = await createSurvey(questions);

    // Act
    const answer = await call(surveysHandler, {
      method: 'POST',
      path: `/surveys/${surveyId}/responses`,
      body: { answers: { where: '  Cafe\u0301 corner ', why: 'Shade.\r\nWater.' } },
    });

    // Assess
    expect(answer.status).toBe(201);
    const stored = (await allItems()).find((item) => item.responseId === answer.json.responseId);
    expect(stored?.answers).toEqual({ where: 'Café corner', why: 'Shade.\nWater.' });
  });
});

describe('survey versions stored before the text rule', () => {
  it('stay readable, their texts read as the rule keeps them', async () => {
    // Prepare: a question title with a line break and an override, as an older release accepted it.
    const { surveyId } = await createSurvey([{ id: 'where', type: 'text', title: { en: 'Where?' } }]);
    await documentClient.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: keys.surveyVersion(surveyId, 1),
        UpdateExpression: 'SET questions[0].title.en = :title',
        ExpressionAttributeValues: { ':title': 'Where\r\nshould it\u202E go?' },
      }),
    );

    // Act
    const read = await call(surveysHandler, { method: 'GET', path: `/surveys/${surveyId}` });

    // Assess
    expect(read.status).toBe(200);
    expect(read.json.questions[0].title).toBe('Where should it go?');
  });
});
