import { NeedDefined } from '../../events/needs';
import { domainEvent } from '../../shared/domain/domain-event';
import { InvalidFieldError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { Page, PageRequest } from '../../shared/domain/page';
import type { EvidenceLink, NeedStore, StoredNeed } from './need-store';
import type { Need, NeedInput } from './needs-schemas';
import type { InitiativeExists } from './service';
import type { StoredResponse, SurveyStore } from './store';

/**
 * Needs assessment. A need is ranked by `score = severity × share`, where `share` is, over its
 * evidence questions, the highest fraction of respondents who chose one of the evidence options
 * among those who answered that question. The tallies behind `share` are kept up to date by the
 * `need-evidence` event consumer: each (need, evidence, response) is counted exactly once.
 */

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

/** Highest score first; ties by severity, then by ID, so pages are stable. */
const byRank = (a: Need, b: Need) =>
  b.score - a.score || b.severity - a.severity || a.needId.localeCompare(b.needId);

/** The needs use cases staff and residents call: naming a need, and ranking an initiative's needs. */
export function needService(
  store: NeedStore,
  surveys: SurveyStore,
  initiativeExists: InitiativeExists,
  clock: () => Date = () => new Date(),
) {
  /** The needs of an initiative, highest score first (an initiative has tens of needs, not thousands). */
  async function rankedNeeds(initiativeId: string): Promise<Need[]> {
    return (await store.needsOfInitiative(initiativeId)).map(withScore).sort(byRank);
  }

  return {
    async defineNeed(input: NeedInput): Promise<Need> {
      if (!(await initiativeExists(input.initiativeId)))
        throw new InvalidFieldError('body.initiativeId', 'No initiative with this ID.');
      for (const [index, item] of input.evidence.entries()) {
        const survey = await surveys.getSurvey(item.surveyId);
        const version = survey && (await surveys.getVersion(item.surveyId, survey.currentVersion));
        const question = version?.questions.find((q) => q.id === item.questionId);
        if (!question)
          throw new InvalidFieldError(
            `body.evidence.${index}.questionId`,
            'No such question in this survey.',
          );
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
        createdAt: clock().toISOString(),
      };
      // The store publishes it only with the evidence links, so the backfill it triggers sees every earlier response.
      const event = domainEvent(NeedDefined, {
        eventId: newId(),
        occurredAt: stored.createdAt,
        needId: stored.needId,
        initiativeId: stored.initiativeId,
        evidenceSurveyIds: [...new Set(input.evidence.map((item) => item.surveyId))],
      });
      await store.addNeed(stored, event);
      return withScore(stored);
    },

    rankedNeeds,

    /** One page of the ranked needs; the cursor is the position of the page's first need. */
    async rankedNeedsPage(initiativeId: string, page: PageRequest): Promise<Page<Need>> {
      const all = await rankedNeeds(initiativeId);
      const start = page.cursor ? Number.parseInt(page.cursor, 36) : 0;
      if (!Number.isInteger(start) || start < 0)
        throw new InvalidFieldError('query.cursor', 'Not a cursor this API issued.');
      const end = start + page.limit;
      return { items: all.slice(start, end), ...(end < all.length ? { nextCursor: end.toString(36) } : {}) };
    },
  };
}

/**
 * Keeps needs' evidence tallies current, for the `need-evidence` consumer. Every count is guarded
 * by a per-response marker in the store, so a redelivered event changes nothing.
 */
export function needEvidence(store: NeedStore, surveys: SurveyStore) {
  /** Counts one response for one evidence link, once. */
  async function countResponse(link: EvidenceLink, response: StoredResponse): Promise<void> {
    const value = response.answers[link.questionId];
    if (value === undefined) return; // Not answered (or hidden by skip logic): not in the denominator.
    const chosen = Array.isArray(value) ? value : [value];
    const names = link.optionIds.some((id) => chosen.includes(id));
    await store.countResponse(link, response.responseId, names);
    // `already-counted` means an earlier delivery counted it: nothing to do.
  }

  return {
    /** A new response: count it for every need whose evidence comes from its survey. */
    async countNewResponse(surveyId: string, responseId: string): Promise<void> {
      const response = await surveys.getResponse(surveyId, responseId);
      if (!response) return;
      for (const link of await store.evidenceLinks(surveyId)) await countResponse(link, response);
    },

    /** A new need: count every response its evidence surveys already hold. */
    async backfillNeed(needId: string, surveyIds: readonly string[]): Promise<void> {
      for (const surveyId of surveyIds) {
        const links = await store.evidenceLinks(surveyId, needId);
        for await (const page of surveys.responsePages(surveyId, { pageSize: 500 })) {
          for (const response of page) {
            for (const link of links) await countResponse(link, response);
          }
        }
      }
    },
  };
}
