import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { SurveyResponseSubmitted } from '../../events/surveys';
import { runtimeConfig } from '../../shared/config/runtime';
import { domainEvent } from '../../shared/domain/domain-event';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import { type LocalizedText, pickLanguage, preferredLanguages } from '../../shared/domain/localized-text';
import { HttpProblem, problems } from '../../shared/http/problem';
import { answerErrors, definitionErrors, isComplete, normalizeAnswers, type Question } from './questions';
import { createResultsAccumulator } from './results';
import type { publicSurvey, responseInput, StoredSurvey, SurveyUpdate, surveyInput } from './schemas';
import type { StoredResponse, SurveyStore, SurveyVersion } from './store';

/** Which status changes `PUT` may make; a closed survey stays closed. */
const allowedTransitions: Record<StoredSurvey['status'], readonly StoredSurvey['status'][]> = {
  draft: ['draft', 'published', 'closed'],
  published: ['published', 'closed'],
  closed: [],
};

function assertSoundQuestions(questions: readonly Question[]) {
  const errors = definitionErrors(questions);
  if (errors.length > 0) throw new HttpProblem(problems.validation(errors));
}

/** A question with every text in one language, as a form renders it. */
function renderQuestion(q: Question, preferred: readonly string[], fallback: string) {
  const text = (value: LocalizedText) => pickLanguage(value, preferred, fallback).text;
  const { title, help, ...rest } = q;
  return {
    ...rest,
    title: text(title),
    ...(help ? { help: text(help) } : {}),
    ...('options' in q ? { options: q.options.map((o) => ({ id: o.id, label: text(o.label) })) } : {}),
    ...(q.type === 'likert' && q.labels
      ? { labels: { low: text(q.labels.low), high: text(q.labels.high) } }
      : {}),
  };
}

/** Whether an initiative exists: participation publishes it (`functions/participation/published.ts`). */
export type InitiativeExists = (initiativeId: string) => Promise<boolean>;

/**
 * The survey use cases: authoring versions, and serving the published one to forms. Surveys
 * belong to an initiative, checked through participation's published `initiativeExists`.
 */
export function surveyService(
  store: SurveyStore,
  initiativeExists: InitiativeExists,
  clock: () => Date = () => new Date(),
) {
  const staffView = (survey: StoredSurvey, version: SurveyVersion) => ({
    ...survey,
    questions: version.questions,
  });

  async function requireSurvey(surveyId: string) {
    const survey = await store.getSurvey(surveyId);
    if (!survey) throw new NotFoundError('No survey with this ID.');
    return survey;
  }

  async function requireVersion(surveyId: string, version: number) {
    const found = await store.getVersion(surveyId, version);
    if (!found) throw new Error(`Survey ${surveyId} lacks its version ${version}`);
    return found;
  }

  return {
    async createSurvey(input: z.output<typeof surveyInput>) {
      assertSoundQuestions(input.questions);
      if (!(await initiativeExists(input.initiativeId))) {
        throw new InvalidFieldError('body.initiativeId', 'No initiative with this ID.');
      }
      const now = clock().toISOString();
      const { questions, ...details } = input;
      const survey: StoredSurvey = {
        surveyId: newId(),
        ...details,
        status: 'draft',
        currentVersion: 1,
        createdAt: now,
        updatedAt: now,
      };
      const version: SurveyVersion = { surveyId: survey.surveyId, version: 1, questions, createdAt: now };
      await store.createSurvey(survey, version);
      return staffView(survey, version);
    },

    /**
     * Edits a survey. A draft is edited in place; changing the questions of a published survey
     * creates a new version, so responses already given keep the questions they answered.
     */
    async updateSurvey(surveyId: string, update: SurveyUpdate) {
      assertSoundQuestions(update.questions);
      const survey = await requireSurvey(surveyId);
      if (!allowedTransitions[survey.status].includes(update.status)) {
        throw new ConflictError(`A ${survey.status} survey cannot become ${update.status}.`, 'survey-status');
      }
      const current = await requireVersion(surveyId, survey.currentVersion);
      const now = clock().toISOString();
      const questionsChanged = !isDeepStrictEqual(current.questions, update.questions);

      let version: SurveyVersion | undefined;
      let versionNumber = survey.currentVersion;
      if (update.status === 'closed') {
        version = undefined; // Closing freezes the questions as they are.
      } else if (survey.status === 'published' && questionsChanged) {
        versionNumber = survey.currentVersion + 1;
        version = { surveyId, version: versionNumber, questions: update.questions, createdAt: now };
      } else if (survey.status === 'draft') {
        version = { ...current, questions: update.questions };
      }
      const { questions: _questions, ...details } = update;
      const published =
        update.status === 'published' ||
        (update.status === 'closed' && survey.publishedVersion !== undefined);
      const next: StoredSurvey = {
        ...survey,
        ...details,
        ...(details.description ? {} : { description: undefined }),
        currentVersion: versionNumber,
        ...(published
          ? { publishedVersion: update.status === 'closed' ? survey.publishedVersion : versionNumber }
          : {}),
        updatedAt: now,
      };
      const outcome = await store.saveSurvey(next, survey, version);
      if (outcome === 'stale')
        throw new ConflictError(
          'Someone else changed this survey at the same time; reload it.',
          'changed-concurrently',
        );
      return staffView(next, version ?? current);
    },

    /**
     * Stores one response to the published version, after checking every answer against that
     * version's questions and skip logic. Drafts and closed surveys refuse with 409.
     */
    async submitResponse(surveyId: string, input: z.output<typeof responseInput>) {
      const survey = await requireSurvey(surveyId);
      if (survey.status !== 'published' || survey.publishedVersion === undefined) {
        throw new ConflictError(
          `This survey is ${survey.status}; it does not take responses.`,
          'survey-not-open',
        );
      }
      const version = await requireVersion(surveyId, survey.publishedVersion);
      const answers = normalizeAnswers(version.questions, input.answers);
      const errors = answerErrors(version.questions, answers);
      if (errors.length > 0) throw new HttpProblem(problems.validation(errors));

      const { consent: _consent, ...profile } = input.respondent ?? { consent: true };
      const response: StoredResponse = {
        responseId: newId(),
        surveyId,
        version: version.version,
        answers,
        ...(Object.keys(profile).length > 0 ? { respondent: profile } : {}),
        submittedAt: clock().toISOString(),
      };
      const event = domainEvent(SurveyResponseSubmitted, {
        eventId: newId(),
        occurredAt: response.submittedAt,
        surveyId,
        initiativeId: survey.initiativeId,
        responseId: response.responseId,
        version: response.version,
        answeredQuestions: Object.keys(answers).length,
        complete: isComplete(version.questions, answers),
        ...(profile.neighbourhood ? { neighbourhood: profile.neighbourhood } : {}),
        ...(profile.ageBand ? { ageBand: profile.ageBand } : {}),
      });
      if ((await store.addResponse(response, event)) === 'not-published') {
        throw new ConflictError(
          'This survey changed or closed while you answered; reload it.',
          'survey-not-open',
        );
      }
      return {
        responseId: response.responseId,
        surveyId,
        version: response.version,
        submittedAt: response.submittedAt,
      };
    },

    /** Per-question aggregates of one version's responses, optionally of one neighbourhood. */
    async results(
      surveyId: string,
      filter: { version?: number | undefined; neighbourhood?: string | undefined },
    ) {
      const survey = await requireSurvey(surveyId);
      const versionNumber = filter.version ?? survey.publishedVersion ?? survey.currentVersion;
      const version = await store.getVersion(surveyId, versionNumber);
      if (!version)
        throw new InvalidFieldError(
          'query.version',
          `This survey has versions 1 to ${survey.currentVersion}.`,
        );
      const accumulator = createResultsAccumulator(version.questions);
      await store.forEachResponse(surveyId, versionNumber, (response) => {
        if (!filter.neighbourhood || response.respondent?.neighbourhood === filter.neighbourhood)
          accumulator.add(response);
      });
      return {
        surveyId,
        version: versionNumber,
        ...(filter.neighbourhood ? { neighbourhood: filter.neighbourhood } : {}),
        ...accumulator.result(),
      };
    },

    /** The published version in the reader's language; drafts are not public. */
    async publishedSurvey(
      surveyId: string,
      lang: string | undefined,
      acceptLanguage: string | undefined,
    ): Promise<z.input<typeof publicSurvey>> {
      const survey = await requireSurvey(surveyId);
      if (survey.status === 'draft' || survey.publishedVersion === undefined)
        throw new NotFoundError('This survey is not published.');
      const version = await requireVersion(surveyId, survey.publishedVersion);
      const preferred = preferredLanguages(lang, acceptLanguage);
      const fallback = runtimeConfig().LOCALES[0] ?? 'en';
      const title = pickLanguage(survey.title, preferred, fallback);
      return {
        surveyId,
        version: version.version,
        status: survey.status,
        language: title.language,
        title: title.text,
        ...(survey.description
          ? { description: pickLanguage(survey.description, preferred, fallback).text }
          : {}),
        // The rendered options and labels replace the localized ones; the response schema checks the result.
        questions: version.questions.map((q) => renderQuestion(q, preferred, fallback)) as z.input<
          typeof publicSurvey
        >['questions'],
      };
    },
  };
}
