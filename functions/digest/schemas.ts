import { z } from 'zod';
import { idSchema } from '../../shared/domain/ids';
import { localeTag } from '../../shared/domain/localized-text';
import { parsePeriod } from '../../shared/domain/period';

export const previewQuery = z.object({
  period: z
    .string()
    // The shape first, so the field is known for a code rather than free text; then a real period.
    .regex(/^\d{4}-(?:\d{2}|W\d{2}|Q[1-4])$/, 'Use YYYY-MM, an ISO week YYYY-Www or a quarter YYYY-Qn.')
    .refine(
      (value) => parsePeriod(value) !== undefined,
      'Use YYYY-MM, an ISO week YYYY-Www or a quarter YYYY-Qn.',
    ),
  language: localeTag.default('en').describe('The language of the digest.'),
  initiatives: z
    .string()
    .max(50 * 28) // 50 IDs, their commas and some spaces
    .regex(/^[0-9A-Za-z, ]*$/, 'Give initiative IDs separated by commas.')
    .optional()
    .transform((value) => (value ? value.split(',').map((id) => id.trim()) : undefined))
    .pipe(z.array(idSchema).min(1).max(50).optional())
    .describe('Comma-separated initiative IDs; all initiatives when absent.'),
});

export const renderedDigest = z.object({ subject: z.string(), html: z.string(), text: z.string() });
