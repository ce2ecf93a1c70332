import fc from 'fast-check';
import { expect } from 'vitest';
import { type ApiResponse, countItems } from './api';

/** What a generated request carries: a JSON value as the body, or raw text with a media type. */
export type GeneratedBody = { body?: unknown; rawBody?: string; headers?: Record<string, string> };

/** Raw bodies no client should send: broken JSON, random text as a form, other media types. */
export const anyRawBody: fc.Arbitrary<GeneratedBody> = fc.oneof(
  fc.string().map((text) => ({ rawBody: text, headers: { 'Content-Type': 'application/json' } })),
  fc
    .string()
    .map((text) => ({ rawBody: text, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })),
  fc.string().map((text) => ({
    rawBody: text,
    headers: {
      'Content-Type': fc.sample(fc.constantFrom('text/plain', 'application/xml', ''), 1)[0] as string,
    },
  })),
);

/**
 * Sends `numRuns` generated bodies (`anyJson` as JSON, or `anyRawBody`) and checks that every one
 * the route refuses is a 4xx — never a 5xx — and that the table holds exactly what it held before.
 * A generated body can be valid by chance, so only refusals are judged; returns how many there were,
 * for the caller to check that the generator mostly produced bad input.
 */
export async function expectMalformedBodiesRefused(
  send: (input: GeneratedBody) => Promise<ApiResponse>,
  anyJson: fc.Arbitrary<unknown>,
  options: { numRuns: number; problemJson?: boolean },
): Promise<number> {
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        anyJson.map((body) => ({ body })),
        anyRawBody,
      ),
      async (input) => {
        const before = await countItems();
        const answer = await send(input);
        if (answer.status < 300) return;
        refused++;
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        if (options.problemJson) expect(answer.headers['content-type']).toBe('application/problem+json');
        expect(await countItems()).toBe(before);
      },
    ),
    { numRuns: options.numRuns },
  );
  return refused;
}
