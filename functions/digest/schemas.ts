import { z } from 'zod';
import { idSchema } from '../../shared/domain/ids';
import { localeTag } from '../../shared/domain/localized-text';
import { parsePeriod } from '../../shared/domain/period';

export const previewQuery = z.object({
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

export const renderedDigest = z.object({ subject: z.string(), html: z.string(), text: z.string() });
