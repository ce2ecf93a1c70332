import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { longText, oneLineText } from '../../shared/domain/text';
import { everyRoute, requestLeaves, stringLeaves } from '../support/text-fields';

/**
 * Generated from the declarations (`functions/contexts.ts`): every string a route's body or query
 * can carry is either structured (an enum, a format, a pattern) or one of the text blocks of
 * `shared/domain/text.ts`. A new field declared with a plain `z.string()` fails here, so no field
 * skips the control-character rule.
 */
describe('text fields of every route', () => {
  const leaves = everyRoute.flatMap(({ route }) =>
    requestLeaves(route).map((leaf) => ({ operationId: route.operationId, ...leaf })),
  );

  it('are all text blocks or structured strings', () => {
    // Act
    const plain = leaves
      .filter((leaf) => !leaf.structured && leaf.kind === undefined)
      .map((leaf) => `${leaf.operationId} ${leaf.path}`);

    // Assess
    expect(plain, 'use oneLineText/longText (shared/domain/text.ts), or give a code its pattern').toEqual([]);
  });

  it('are found where the declarations put them, with their kind', () => {
    // Prepare
    const kindOf = (operationId: string, path: string) =>
      leaves.find((leaf) => leaf.operationId === operationId && leaf.path === path)?.kind;

    // Act & Assess
    expect(kindOf('submitContribution', 'body.title')).toBe('line');
    expect(kindOf('submitContribution', 'body.body')).toBe('long');
    expect(kindOf('createInitiative', 'body.title.en')).toBe('line');
    expect(kindOf('createInitiative', 'body.summary.en')).toBe('long');
    expect(kindOf('signUpForShift', 'body.name')).toBe('line');
    expect(kindOf('listDirectory', 'query.name')).toBe('line');
    expect(kindOf('listOpportunities', 'query.skills')).toBe('line');
    expect(leaves.filter((leaf) => leaf.kind !== undefined).length).toBeGreaterThan(80);
  });

  it('count email addresses, IDs, dates and tokens as structured, not as text', () => {
    // Prepare
    const structured = (operationId: string, path: string) =>
      leaves.find((leaf) => leaf.operationId === operationId && leaf.path === path)?.structured;

    // Act & Assess
    expect(structured('castVote', 'body.participant.email')).toBe(true);
    expect(structured('createEngagement', 'body.initiativeId')).toBe(true);
    expect(structured('createEngagement', 'body.opensAt')).toBe(true);
    expect(structured('confirmVote', 'body.token')).toBe(true);
    expect(structured('listInitiatives', 'query.cursor')).toBe(true);
  });
});

describe('the text-field walker', () => {
  it('reports a plain string wherever it hides: nested, in lists, records, unions and pipes', () => {
    // Prepare
    const schema = z.object({
      title: oneLineText({ max: 10 }),
      notes: z.array(z.object({ text: z.string().optional() })),
      labels: z.record(z.string().regex(/^[a-z]{2}$/), z.string()),
      either: z.union([z.literal('none'), z.object({ why: z.string().trim() })]),
      csv: z
        .string()
        .transform((value) => value.split(','))
        .pipe(z.array(z.string())),
      email: z.string().trim().pipe(z.email()),
      body: longText({ max: 100 }).nullable().default(null),
    });

    // Act
    const plain = stringLeaves(schema, 'body')
      .filter((leaf) => !leaf.structured && leaf.kind === undefined)
      .map((leaf) => leaf.path);

    // Assess
    expect(plain).toEqual(['body.notes.0.text', 'body.labels.en', 'body.either.why', 'body.csv']);
  });
});
