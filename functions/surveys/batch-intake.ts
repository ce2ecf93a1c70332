import { SurveyResponseSubmitted } from '../../events/surveys';
import type { BatchIntake, BatchRowError } from '../../shared/domain/batch-intake';
import { type DomainEvent, domainEvent } from '../../shared/domain/domain-event';
import { derivedId, newId } from '../../shared/domain/ids';
import { rowAsBody } from '../../shared/http/batch-rows';
import { safeParseForPeople } from '../../shared/http/field-messages';
import { answerErrors, isComplete, normalizeAnswers } from './questions';
import { responseInput, type StoredSurvey } from './schemas';
import type { StoredResponse, SurveyStore } from './store';

/** Where a batch's survey responses go. */
export interface SurveyResponseTarget {
  surveyId: string;
}

/**
 * The write of one batch response: in one transaction, the survey still published, the response
 * (its ID derived from batch and row, so a second run finds it), the respondent's one item when the
 * row gave an email, and the event. Says which condition refused it (nothing written then).
 */
export interface SurveyBatchWrites {
  addBatchResponse(
    response: StoredResponse & { provenance: Record<string, unknown> },
    participantHash: string | undefined,
    event: DomainEvent,
  ): Promise<'added' | 'not-published' | 'exists' | 'already-responded'>;
}

const withoutBody = (errors: readonly BatchRowError[]) =>
  errors.map((error) => ({ ...error, path: error.path.replace(/^body\./, '') }));

/**
 * Surveys' intake of batch rows (`published.ts`): a paper or phone response is checked exactly
 * as the web route checks one (`responseInput`, then the answers against the published version's
 * questions and skip logic) and counts like a web response, with its channel and provenance.
 *
 * One response per person: a row with an email writes the respondent's item (keyed hash), so an
 * address that already counts (confirmed on the web under `email` assurance, or an earlier batch)
 * is a `duplicate`. Under `open` assurance a row without an email is recorded anonymously, as the
 * web's are; under `email` it cannot be matched to anyone, so it is `needs-review`, not counted.
 */
export function surveyResponseIntake(
  store: Pick<SurveyStore, 'getSurvey' | 'getVersion' | 'getResponse'>,
  writes: SurveyBatchWrites,
): BatchIntake<SurveyResponseTarget> {
  async function publishedVersion(survey: StoredSurvey | undefined) {
    if (survey?.status !== 'published' || survey.publishedVersion === undefined) return undefined;
    return store.getVersion(survey.surveyId, survey.publishedVersion);
  }

  async function check(surveyId: string, data: Record<string, unknown>) {
    const survey = await store.getSurvey(surveyId);
    const version = await publishedVersion(survey);
    if (!survey || !version)
      return { errors: [{ path: 'surveyId', message: 'This survey does not take responses now.' }] };
    const parsed = safeParseForPeople(responseInput, data, 'en');
    if (!parsed.success)
      return {
        errors: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      };
    const answers = normalizeAnswers(version.questions, parsed.data.answers);
    const errors = withoutBody(answerErrors(version.questions, answers));
    if (errors.length > 0) return { errors };
    return { survey, version, value: { ...parsed.data, answers } };
  }

  return {
    async checkTarget({ surveyId }) {
      const survey = await store.getSurvey(surveyId);
      if (!survey) return { ok: false, missing: true, reason: 'No survey with this ID.' };
      if (!(await publishedVersion(survey)))
        return {
          ok: false,
          missing: false,
          reason: `This survey is ${survey.status}; it takes no responses.`,
        };
      return { ok: true };
    },

    async validateRow({ surveyId }, data, { flat }) {
      // A CSV row reads as a plain form post does: `answers.often`, `respondent.neighbourhood`.
      const checked = await check(surveyId, rowAsBody(data, flat, responseInput));
      if (checked.errors) return { ok: false, errors: checked.errors };
      return { ok: true, value: checked.value as Record<string, unknown> };
    },

    emailOf: (value) => (typeof value.email === 'string' ? value.email : undefined),

    async commitBatchRow({ surveyId }, row, provenance) {
      const responseId = derivedId(provenance.batchId, provenance.rowNumber);
      // A re-run of the commit finds what the first run wrote, and writes nothing again.
      if (await store.getResponse(surveyId, responseId)) return { outcome: 'recorded', recordId: responseId };
      const checked = await check(surveyId, row.value);
      if (checked.errors) return { outcome: 'refused', reason: 'survey-not-open-or-changed' };
      const { survey, version, value } = checked;
      if (survey.assurance === 'email' && row.participantHash === undefined)
        return { outcome: 'needs-review', reason: 'no-email' };
      const { consent: _consent, ...profile } = value.respondent ?? { consent: true };
      const facts = {
        answeredQuestions: Object.keys(value.answers).length,
        complete: isComplete(version.questions, value.answers),
      };
      const response = {
        responseId,
        surveyId,
        version: version.version,
        answers: value.answers,
        ...(Object.keys(profile).length > 0 ? { respondent: profile } : {}),
        // When the person answered: the paper's collection date, so periods count it where it belongs.
        submittedAt: provenance.collectedAt,
        channel: provenance.channel,
        provenance: {
          batchId: provenance.batchId,
          rowNumber: provenance.rowNumber,
          enteredBy: provenance.enteredBy,
          collectedAt: provenance.collectedAt,
        },
      };
      const event = domainEvent(SurveyResponseSubmitted, {
        eventId: newId(),
        occurredAt: provenance.collectedAt,
        surveyId,
        initiativeId: survey.initiativeId,
        responseId,
        version: version.version,
        ...facts,
        ...(profile.neighbourhood ? { neighbourhood: profile.neighbourhood } : {}),
        ...(profile.ageBand ? { ageBand: profile.ageBand } : {}),
        // Staff entered it from paper: it counts at once, no link was mailed.
        assurance: 'open',
        channel: provenance.channel,
      });
      const outcome = await writes.addBatchResponse(response, row.participantHash, event);
      if (outcome === 'added' || outcome === 'exists') return { outcome: 'recorded', recordId: responseId };
      if (outcome === 'already-responded') return { outcome: 'duplicate', reason: 'already-responded' };
      return { outcome: 'refused', reason: 'survey-not-open' };
    },
  };
}
