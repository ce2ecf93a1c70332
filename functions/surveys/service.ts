import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { ConsentRecorded } from '../../events/privacy';
import { SurveyResponseSubmitted } from '../../events/surveys';
import { type RuntimeConfig, runtimeConfig } from '../../shared/config/runtime';
import { participantIdentity } from '../../shared/config/secrets';
import { type Channel, channels } from '../../shared/domain/channel';
import {
  checkYourEmailAnswer,
  confirmationExpired,
  confirmationSuperseded,
  hasLapsed,
  instantOfEpochSeconds,
  mintConfirmationToken,
  pendingUntil,
  tokenMatches,
} from '../../shared/domain/confirmation';
import { domainEvent } from '../../shared/domain/domain-event';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import { type LocalizedText, pickLanguage, preferredLanguages } from '../../shared/domain/localized-text';
import { normalizeEmail } from '../../shared/domain/participant';
import { smallNumbers } from '../../shared/domain/small-numbers';
import type { ConfirmationResult, ConfirmationView } from '../../shared/http/confirmation-routes';
import { HttpProblem, problems } from '../../shared/http/problem';
import { publicApiLink } from '../../shared/http/public-link';
import type { Mailer } from '../../shared/mailer/port';
import { consentWordingVersion } from '../../shared/privacy/consents';
import { answerErrors, definitionErrors, isComplete, normalizeAnswers, type Question } from './questions';
import { confirmResponseMail, describeResponse, responseAlreadyCountedMail } from './response-mail';
import { createResultsAccumulator, neighbourhoodVerdict } from './results';
import type { publicSurvey, responseInput, StoredSurvey, SurveyUpdate, surveyInput } from './schemas';
import type {
  PendingResponse,
  ResponseConfirmation,
  StoredResponse,
  SurveyStore,
  SurveyVersion,
} from './store';

/**
 * What the survey use cases need besides their store and participation's published read: a mailer
 * for response confirmations (under `email` assurance), the runtime configuration (how long a
 * confirmation link works, locales, time zone) and a clock.
 */
export interface SurveyDeps {
  mailer: Mailer;
  config?: () => Pick<RuntimeConfig, 'RESPONSE_CONFIRMATION_HOURS' | 'LOCALES' | 'TIME_ZONE'>;
  clock?: () => Date;
}

const linkExpired = () =>
  confirmationExpired('the response was not counted', 'Answer the survey again to get a new link.');

const surveyNotOpen = () =>
  new ConflictError('This survey changed or closed while you answered; reload it.', 'survey-not-open');

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
export function surveyService(store: SurveyStore, initiativeExists: InitiativeExists, deps: SurveyDeps) {
  const { mailer, config = runtimeConfig, clock = () => new Date() } = deps;
  const language = () => config().LOCALES[0] ?? 'en';

  /** A response's confirmation, when the token is the one mailed for it; a wrong token reads as unknown. */
  async function requireConfirmation(surveyId: string, responseId: string, token: string) {
    const confirmation = await store.getResponseConfirmation(surveyId, responseId);
    if (!confirmation || !tokenMatches(token, confirmation.tokenHash))
      throw new NotFoundError('No survey response awaits confirmation with this link.');
    return confirmation;
  }

  const confirmationSubject = (confirmation: ResponseConfirmation) =>
    describeResponse({ surveyTitle: confirmation.surveyTitle, language: language() });

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

  /**
   * Under `email` assurance: stores the response as pending and mails its link, or tells an address
   * whose response already counts that nothing changed. The answer is the same either way.
   */
  async function requestResponse(
    survey: StoredSurvey,
    version: SurveyVersion,
    content: Pick<PendingResponse, 'answers' | 'respondent' | 'answeredQuestions' | 'complete'>,
    email: string,
  ) {
    const now = clock();
    const { token, tokenHash } = mintConfirmationToken();
    const { expiresAt, expiresAtIso } = pendingUntil(now, config().RESPONSE_CONFIRMATION_HOURS * 3600);
    const pending: PendingResponse = {
      responseId: newId(),
      surveyId: survey.surveyId,
      initiativeId: survey.initiativeId,
      version: version.version,
      ...content,
      participantHash: await participantIdentity(email),
      // A resident's own response: public routes never take the channel from the body.
      channel: 'web',
      tokenHash,
      lapsesAt: expiresAt,
      requestedAt: now.toISOString(),
      surveyTitle: survey.title,
    };
    const outcome = await store.requestResponse(pending);
    if (outcome === 'not-published') throw surveyNotOpen();
    const mailContext = { to: normalizeEmail(email), surveyTitle: survey.title, language: language() };
    await mailer.send(
      outcome === 'pending'
        ? confirmResponseMail(mailContext, {
            url: publicApiLink(
              `surveys/${survey.surveyId}/responses/${pending.responseId}/confirmation?token=${encodeURIComponent(token)}`,
            ),
            expiresAt: expiresAtIso,
            timeZone: config().TIME_ZONE,
          })
        : responseAlreadyCountedMail(mailContext),
    );
    return checkYourEmailAnswer;
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
        assurance: update.assurance ?? survey.assurance,
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
     * One response to the published version, after checking every answer against that version's
     * questions and skip logic (drafts and closed surveys refuse with 409), counted as the
     * survey's assurance level says: at once under `open`; under `email` stored as pending and
     * counted once its emailed link is confirmed, the answer the same whatever the address's history.
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
      if (survey.assurance === 'email' && input.email === undefined)
        errors.push({
          path: 'body.email',
          message:
            'This survey counts one response per person: please give your email address to confirm it.',
        });
      if (errors.length > 0) throw new HttpProblem(problems.validation(errors));

      const { consent: _consent, ...profile } = input.respondent ?? { consent: true };
      const respondent = Object.keys(profile).length > 0 ? { respondent: profile } : {};
      const facts = {
        answeredQuestions: Object.keys(answers).length,
        complete: isComplete(version.questions, answers),
      };
      if (survey.assurance === 'email' && input.email !== undefined)
        return requestResponse(survey, version, { answers, ...respondent, ...facts }, input.email);

      const response: StoredResponse = {
        responseId: newId(),
        surveyId,
        version: version.version,
        answers,
        ...respondent,
        submittedAt: clock().toISOString(),
        // A resident's own response: public routes never take the channel from the body.
        channel: 'web',
      };
      const event = domainEvent(SurveyResponseSubmitted, {
        eventId: newId(),
        occurredAt: response.submittedAt,
        surveyId,
        initiativeId: survey.initiativeId,
        responseId: response.responseId,
        version: response.version,
        ...facts,
        ...(profile.neighbourhood ? { neighbourhood: profile.neighbourhood } : {}),
        ...(profile.ageBand ? { ageBand: profile.ageBand } : {}),
        assurance: 'open',
        channel: response.channel,
      });
      if ((await store.addResponse(response, event)) === 'not-published') throw surveyNotOpen();
      return {
        responseId: response.responseId,
        surveyId,
        version: response.version,
        submittedAt: response.submittedAt,
      };
    },

    /** What a response's confirmation link confirms; changes nothing (mail scanners open links). */
    async viewResponseConfirmation(
      surveyId: string,
      responseId: string,
      token: string,
    ): Promise<ConfirmationView> {
      const confirmation = await requireConfirmation(surveyId, responseId, token);
      const what = confirmationSubject(confirmation);
      if (confirmation.confirmedAt) return { status: 'confirmed', what };
      if (hasLapsed({ expiresAt: confirmation.lapsesAt }, clock())) return { status: 'expired', what };
      return {
        status: 'awaiting-confirmation',
        what,
        expiresAt: instantOfEpochSeconds(confirmation.lapsesAt),
      };
    },

    /** Counts the response the link confirms: once, however often (or concurrently) it is posted. */
    async confirmResponse(surveyId: string, responseId: string, token: string): Promise<ConfirmationResult> {
      const confirmation = await requireConfirmation(surveyId, responseId, token);
      const what = confirmationSubject(confirmation);
      const answered = (confirmedAt: string) => ({ status: 'confirmed' as const, what, confirmedAt });
      if (confirmation.confirmedAt) return answered(confirmation.confirmedAt);
      const now = clock();
      if (hasLapsed({ expiresAt: confirmation.lapsesAt }, now)) throw linkExpired();
      const { answers } = confirmation;
      if (!answers) throw new Error(`Unconfirmed survey response ${responseId} lacks its answers`);
      const event = domainEvent(SurveyResponseSubmitted, {
        eventId: newId(),
        occurredAt: now.toISOString(),
        surveyId,
        initiativeId: confirmation.initiativeId,
        responseId,
        version: confirmation.version,
        answeredQuestions: confirmation.answeredQuestions,
        complete: confirmation.complete,
        ...(confirmation.respondent?.neighbourhood
          ? { neighbourhood: confirmation.respondent.neighbourhood }
          : {}),
        ...(confirmation.respondent?.ageBand ? { ageBand: confirmation.respondent.ageBand } : {}),
        assurance: 'email',
        channel: confirmation.channel,
      });
      // A profile shared with consent, by someone who has now shown the address is theirs: the
      // consent ledger records it (before the link is followed, anyone could have typed the address).
      const consent = confirmation.respondent
        ? [
            domainEvent(ConsentRecorded, {
              eventId: newId(),
              occurredAt: now.toISOString(),
              participantHash: confirmation.participantHash,
              purpose: 'demographics',
              wordingVersion: consentWordingVersion('demographics'),
              channel: confirmation.channel,
              context: 'surveys',
            }),
          ]
        : [];
      const outcome = await store.confirmResponse({ ...confirmation, answers }, now.toISOString(), [
        event,
        ...consent,
      ]);
      switch (outcome) {
        case 'counted':
          return answered(now.toISOString());
        case 'already-confirmed': {
          const current = await store.getResponseConfirmation(surveyId, responseId);
          return answered(current?.confirmedAt ?? now.toISOString());
        }
        case 'lapsed':
          throw linkExpired();
        case 'superseded':
          throw confirmationSuperseded();
        case 'not-published':
          throw new ConflictError(
            'This survey has closed, so responses can no longer be confirmed.',
            'survey-not-open',
          );
      }
    },

    /**
     * Per-question aggregates of one version's responses, optionally of one neighbourhood. Small
     * numbers stay private (`shared/domain/small-numbers.ts`): for anyone but an admin, the results
     * of a neighbourhood with fewer respondents than the minimum are withheld as a whole (and those
     * of the next-smallest neighbourhood when only one is small, since the unfiltered results less
     * the others' would give it away), as are small counts by neighbourhood inside the results.
     */
    async results(
      surveyId: string,
      filter: { version?: number | undefined; neighbourhood?: string | undefined },
      // Nobody reads as an admin unless the caller says so: small numbers stay private by default.
      reader: { admin: boolean } = { admin: false },
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
      const respondentsByNeighbourhood = new Map<string, number>();
      // Every channel listed, none left out: a zero for paper says as much as a count.
      const responsesByChannel = new Map<Channel, number>(channels.map((channel) => [channel, 0]));
      await store.forEachResponse(surveyId, versionNumber, (response) => {
        const home = response.respondent?.neighbourhood;
        if (home !== undefined)
          respondentsByNeighbourhood.set(home, (respondentsByNeighbourhood.get(home) ?? 0) + 1);
        if (!filter.neighbourhood || home === filter.neighbourhood) {
          accumulator.add(response);
          responsesByChannel.set(response.channel, (responsesByChannel.get(response.channel) ?? 0) + 1);
        }
      });
      // Counted like an answer's options: the group they split has passed the minimum cell size
      // (or is withheld whole, below), so no channel filter that could single out a few is offered.
      const byChannel = [...responsesByChannel].map(([channel, count]) => ({ channel, count }));
      const awaitingConfirmation = await store.countAwaitingConfirmation(surveyId, versionNumber, clock());
      const numbers = smallNumbers({
        minimumCellSize: runtimeConfig().MINIMUM_CELL_SIZE,
        admin: reader.admin,
      });
      const base = {
        surveyId,
        version: versionNumber,
        ...(filter.neighbourhood ? { neighbourhood: filter.neighbourhood } : {}),
        awaitingConfirmation,
      };
      const verdict = filter.neighbourhood
        ? neighbourhoodVerdict(respondentsByNeighbourhood, filter.neighbourhood, numbers)
        : 'shown';
      // Withheld as a whole: nothing of the group's results is computed, so nothing inside it counts.
      const shown =
        verdict !== 'shown' && !reader.admin
          ? numbers.one(
              { ...base, totalResponses: null, completeResponses: null, completionRate: null, questions: [] },
              verdict,
              (group) => group,
            )
          : numbers.one(
              { ...base, ...accumulator.result(numbers), channels: byChannel },
              verdict,
              (group) => group,
            );
      const suppression = numbers.note();
      return { ...shown, ...(suppression ? { suppression } : {}) };
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
        assurance: survey.assurance,
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
