import { z } from 'zod';
import { idSchema } from '../../shared/domain/ids';
import { localizedText } from '../../shared/domain/localized-text';
import { pageQuery } from '../../shared/domain/page';
import { slug } from './questions';

/**
 * Needs assessment: what a coordinator names, and what the API shows. A need is ranked by
 * `score = severity × share` (see `needs.ts`).
 */

/** Bounds of a need's evidence, shared with what the API answers (answers are parsed, too). */
const maxEvidence = 5;
const maxEvidenceOptions = 50;

export const needInput = z.object({
  initiativeId: idSchema,
  name: localizedText(200),
  description: localizedText(4000, 'long').optional(),
  severity: z.number().int().min(1).max(5).describe('How serious the need is when present, 1–5.'),
  evidence: z
    .array(
      z.object({
        surveyId: idSchema,
        questionId: slug,
        optionIds: z.array(slug).min(1).max(maxEvidenceOptions),
      }),
    )
    .max(maxEvidence)
    .default([])
    .describe('Survey answers that show the need: respondents choosing any of `optionIds` name it.'),
});
export type NeedInput = z.output<typeof needInput>;

export const need = z.object({
  needId: z.string(),
  initiativeId: z.string(),
  name: z.record(z.string(), z.string()),
  description: z.record(z.string(), z.string()).optional(),
  severity: z.number().int(),
  evidence: z
    .array(
      z.object({
        surveyId: z.string(),
        questionId: z.string(),
        optionIds: z.array(z.string()).max(maxEvidenceOptions),
        answered: z.number().int(),
        naming: z.number().int(),
        share: z.number(),
      }),
    )
    .max(maxEvidence),
  share: z.number().describe('The highest evidence share (0 without evidence or answers).'),
  score: z.number().describe('severity × share; the ranking key.'),
  createdAt: z.string(),
});
export type Need = z.infer<typeof need>;

export const needListQuery = z.object({ initiativeId: idSchema, ...pageQuery });
