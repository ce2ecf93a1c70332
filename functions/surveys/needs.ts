import { paginateQuery, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { NeedDefined } from '../../events/needs';
import { documentClient } from '../../shared/db/client';
import { initiativeExists } from '../../shared/db/initiatives';
import { entityOf, getEntity, tableName } from '../../shared/db/items';
import { keys, linkedToInitiative } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { transactWrite } from '../../shared/db/transact';
import { InvalidFieldError } from '../../shared/domain/errors';
import { idSchema, newId } from '../../shared/domain/ids';
import { localizedText } from '../../shared/domain/localized-text';
import { dynamoSurveyStore } from './dynamo-store';
import { slug } from './questions';
import type { StoredResponse } from './store';

/**
 * Needs assessment. A need is ranked by `score = severity × share`, where `share` is, over its
 * evidence questions, the highest fraction of respondents who chose one of the evidence options
 * among those who answered that question. The tallies behind `share` are kept up to date by the
 * `need-evidence` event consumer: each (need, evidence, response) is counted exactly once.
 */

export const needInput = z.object({
  initiativeId: idSchema,
  name: localizedText(200),
  description: localizedText(4000).optional(),
  severity: z.number().int().min(1).max(5).describe('How serious the need is when present, 1–5.'),
  evidence: z
    .array(z.object({ surveyId: idSchema, questionId: slug, optionIds: z.array(slug).min(1).max(50) }))
    .max(5)
    .default([])
    .describe('Survey answers that show the need: respondents choosing any of `optionIds` name it.'),
});

export const need = z.object({
  needId: z.string(),
  initiativeId: z.string(),
  name: z.record(z.string(), z.string()),
  description: z.record(z.string(), z.string()).optional(),
  severity: z.number().int(),
  evidence: z.array(
    z.object({
      surveyId: z.string(),
      questionId: z.string(),
      optionIds: z.array(z.string()),
      answered: z.number().int(),
      naming: z.number().int(),
      share: z.number(),
    }),
  ),
  share: z.number().describe('The highest evidence share (0 without evidence or answers).'),
  score: z.number().describe('severity × share; the ranking key.'),
  createdAt: z.string(),
});
export type Need = z.infer<typeof need>;

interface StoredNeed extends Omit<Need, 'evidence' | 'share' | 'score'> {
  evidence: { surveyId: string; questionId: string; optionIds: string[] }[];
  /** `a<i>`: respondents who answered evidence question i; `n<i>`: of them, those who named the need. */
  tallies: Record<string, number>;
}

interface EvidenceLink {
  needId: string;
  evidenceIndex: number;
  questionId: string;
  optionIds: string[];
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

function withScore(stored: StoredNeed): Need {
  const { tallies, ...rest } = stored;
  const evidence = stored.evidence.map((item, i) => {
    const answered = tallies[`a${i}`] ?? 0;
    const naming = tallies[`n${i}`] ?? 0;
    return { ...item, answered, naming, share: answered === 0 ? 0 : round(naming / answered) };
  });
  const share = Math.max(0, ...evidence.map((item) => item.share));
  return { ...rest, evidence, share, score: round(stored.severity * share) };
}

export async function defineNeed(input: z.output<typeof needInput>): Promise<Need> {
  if (!(await initiativeExists(input.initiativeId)))
    throw new InvalidFieldError('body.initiativeId', 'No initiative with this ID.');
  for (const [index, item] of input.evidence.entries()) {
    const survey = await dynamoSurveyStore.getSurvey(item.surveyId);
    const version = survey && (await dynamoSurveyStore.getVersion(item.surveyId, survey.currentVersion));
    const question = version?.questions.find((q) => q.id === item.questionId);
    if (!question)
      throw new InvalidFieldError(`body.evidence.${index}.questionId`, 'No such question in this survey.');
    if (!('options' in question) || question.type === 'ranking') {
      throw new InvalidFieldError(
        `body.evidence.${index}.questionId`,
        'Evidence must be a single- or multiple-choice question.',
      );
    }
    const unknown = item.optionIds.find((id) => !question.options.some((o) => o.id === id));
    if (unknown)
      throw new InvalidFieldError(
        `body.evidence.${index}.optionIds`,
        `"${unknown}" is not an option of this question.`,
      );
  }
  const stored: StoredNeed = {
    needId: newId(),
    ...input,
    tallies: Object.fromEntries(
      input.evidence.flatMap((_, i) => [
        [`a${i}`, 0],
        [`n${i}`, 0],
      ]),
    ),
    createdAt: new Date().toISOString(),
  };
  const result = await transactWrite([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.need(stored.needId),
          ...linkedToInitiative(stored.initiativeId, 'NEED', stored.needId),
          type: 'Need',
          ...stored,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...input.evidence.map((item, evidenceIndex) => ({
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.needEvidenceLink(item.surveyId, stored.needId, evidenceIndex),
          type: 'NeedEvidenceLink',
          needId: stored.needId,
          evidenceIndex,
          questionId: item.questionId,
          optionIds: item.optionIds,
        },
      },
    })),
    // Published only after the links exist, so the backfill it triggers sees every earlier response.
    outboxPut(tableName(), NeedDefined, {
      eventId: newId(),
      occurredAt: stored.createdAt,
      needId: stored.needId,
      initiativeId: stored.initiativeId,
      evidenceSurveyIds: [...new Set(input.evidence.map((item) => item.surveyId))],
    }),
  ]);
  if (!result.ok) throw new Error('A new need collided with an existing item');
  return withScore(stored);
}

/** The needs of an initiative, highest score first (an initiative has tens of needs, not thousands). */
export async function rankedNeeds(initiativeId: string): Promise<Need[]> {
  const needs: Need[] = [];
  const pages = paginateQuery(
    { client: documentClient },
    {
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.initiative(initiativeId).pk, ':prefix': 'NEED#' },
    },
  );
  for await (const page of pages)
    for (const item of page.Items ?? []) needs.push(withScore(entityOf<StoredNeed>(item)));
  return needs.sort(
    (a, b) => b.score - a.score || b.severity - a.severity || a.needId.localeCompare(b.needId),
  );
}

async function evidenceLinks(surveyId: string, needId?: string): Promise<EvidenceLink[]> {
  const result = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.survey(surveyId).pk,
        ':prefix': `${keys.needEvidenceLinkPrefix()}${needId ? `${needId}#` : ''}`,
      },
    }),
  );
  return (result.Items ?? []).map((item) => entityOf<EvidenceLink>(item));
}

/** Counts one response for one evidence link, once: the marker and the tally move together. */
async function countResponse(link: EvidenceLink, response: StoredResponse): Promise<void> {
  const value = response.answers[link.questionId];
  if (value === undefined) return; // Not answered (or hidden by skip logic): not in the denominator.
  const chosen = Array.isArray(value) ? value : [value];
  const names = link.optionIds.some((id) => chosen.includes(id)) ? 1 : 0;
  await transactWrite([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.needCountedResponse(link.needId, link.evidenceIndex, response.responseId),
          type: 'NeedCountedResponse',
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.need(link.needId),
        UpdateExpression: `ADD tallies.a${link.evidenceIndex} :one, tallies.n${link.evidenceIndex} :names`,
        ExpressionAttributeValues: { ':one': 1, ':names': names },
      },
    },
  ]);
  // A failed marker condition means this response was already counted: nothing to do.
}

/** A new response: count it for every need whose evidence comes from its survey. */
export async function countNewResponse(surveyId: string, responseId: string): Promise<void> {
  const response = await getEntity<StoredResponse>(keys.surveyResponse(surveyId, responseId));
  if (!response) return;
  for (const link of await evidenceLinks(surveyId)) await countResponse(link, response);
}

/** A new need: count every response its evidence surveys already hold. */
export async function backfillNeed(needId: string, surveyIds: readonly string[]): Promise<void> {
  for (const surveyId of surveyIds) {
    const links = await evidenceLinks(surveyId, needId);
    const pages = paginateQuery(
      { client: documentClient, pageSize: 500 },
      {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.survey(surveyId).pk,
          ':prefix': keys.surveyResponsePrefix(),
        },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        for (const link of links) await countResponse(link, entityOf<StoredResponse>(item));
      }
    }
  }
}
