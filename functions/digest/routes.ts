import { z } from 'zod';
import { NotFoundError } from '../../shared/domain/errors';
import { idSchema } from '../../shared/domain/ids';
import { localeTag } from '../../shared/domain/localized-text';
import { type Period, parsePeriod } from '../../shared/domain/period';
import { defineRoute } from '../../shared/http/route';
import { previewDigest } from './digests';

const previewQuery = z.object({
  period: z
    .string()
    .refine(
      (value) => parsePeriod(value) !== undefined,
      'Use YYYY-MM, an ISO week YYYY-Www or a quarter YYYY-Qn.',
    ),
  language: localeTag.default('en').describe('The language of the digest.'),
  initiatives: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((id) => id.trim()) : undefined))
    .pipe(z.array(idSchema).min(1).max(50).optional())
    .describe('Comma-separated initiative IDs; all initiatives when absent.'),
});

export const digestRoutes = [
  defineRoute({
    operationId: 'previewDigest',
    method: 'GET',
    path: '/digests/preview',
    summary: 'Render the evaluation digest of a period for review, without sending it',
    description:
      'The subject, HTML and text parts exactly as a subscriber with this language and these initiatives would receive them (the unsubscribe link is a placeholder). Reads the stored summaries: 404 until the `impact-summary` job has run for the period. `npx civic digest-preview` writes it to files.',
    tag: 'evaluation',
    auth: { roles: ['admin'] },
    request: { query: previewQuery },
    response: {
      status: 200,
      description: 'The rendered digest.',
      schema: z.object({ subject: z.string(), html: z.string(), text: z.string() }),
    },
    errors: [404],
    handler: async ({ query }) => {
      const digest = await previewDigest(parsePeriod(query.period) as Period, {
        language: query.language,
        initiatives: query.initiatives ?? 'all',
      });
      if (!digest)
        throw new NotFoundError('No summaries for this period yet: run the impact-summary job first.');
      return digest;
    },
  }),
];
