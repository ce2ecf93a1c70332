import { newId } from '../../shared/domain/ids';
import { type LocalizedText, pickLanguage } from '../../shared/domain/localized-text';
import type { PersonalDataHolder, PersonalRecords, RetentionDue } from '../../shared/privacy/person';
import { cellValue } from './export';
import type { Question } from './questions';
import type { StoredResponse, SurveyStore } from './store';

/**
 * Surveys' part of residents' privacy (`shared/privacy/person.ts`): what a person may export, how
 * they are erased, and how retention ends. Only responses under `email` assurance name a person,
 * through their respondent item (the keyed hash of their address, one per survey) and the
 * confirmation items of their requests; both carry the person index (gsi3). A response itself
 * names nobody: the respondent item links it by `responseId`.
 */

/** A key of the table, opaque here: the store built it and takes it back. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** A person's respondent item: pending (awaiting its link) or counted. */
export interface PersonRespondent {
  type: 'SurveyRespondent';
  key: ItemKey;
  surveyId: string;
  participantHash: string;
  responseId: string;
  status: 'pending' | 'counted';
  version: number;
  requestedAt?: string;
  countedAt?: string;
}

/** A person's confirmation item: holds the answers until confirmed. */
export interface PersonConfirmation {
  type: 'SurveyResponseConfirmation';
  key: ItemKey;
  surveyId: string;
  responseId: string;
  version: number;
  answers?: Record<string, unknown>;
  respondent?: StoredResponse['respondent'];
  requestedAt: string;
  lapsesAt: number;
  confirmedAt?: string;
}

export type PersonSurveyItem = PersonRespondent | PersonConfirmation;

/** Persistence of surveys' privacy work; `dynamo-privacy-store.ts` keeps each change conditional. */
export interface SurveyPrivacyStore {
  /** The person's items, by the person index (expired ones only inside `includingExpired`). */
  itemsOf(participantHash: string): Promise<PersonSurveyItem[]>;
  /**
   * Makes a counted respondent anonymous: in one transaction, deletes it (if still there, with
   * `expectedExpiresAt` when given) and writes the same count under `RESPONDENT#ERASED#<as>`
   * without the keyed identity, person index or retention, and blanks the `freeText` answers of
   * its response. False when the respondent was already gone (nothing written).
   */
  anonymiseRespondent(
    respondent: Pick<PersonRespondent, 'key' | 'surveyId' | 'participantHash'>,
    as: string,
    response: { responseId: string; freeText: readonly string[] } | undefined,
    expectedExpiresAt?: number,
  ): Promise<boolean>;
  /** Deletes an item if it is still there (and still expires at `expectedExpiresAt`, when given). */
  deleteItem(key: ItemKey, expectedExpiresAt?: number): Promise<void>;
  /** A respondent by its key (expired included), for the retention job. */
  respondentAt(key: ItemKey): Promise<PersonRespondent | undefined>;
  /** A response by its key (expired included), for the retention job. */
  responseAt(key: ItemKey): Promise<StoredResponse | undefined>;
  /**
   * Ends a response's retention: blanks the `freeText` answers, removes `expiresAt` and `retention`, if
   * it still expires at `expectedExpiresAt`. The response stays, counted, for good.
   */
  anonymiseResponse(key: ItemKey, freeText: readonly string[], expectedExpiresAt: number): Promise<void>;
  /**
   * Removes the shared profile (`respondent`) from the item holding a person's answers: a counted
   * respondent's response, or a confirmation still holding them. Nothing written when it has none.
   */
  forgetProfile(item: PersonSurveyItem): Promise<void>;
  /** Runs `work` with reads that see items past their retention. */
  includingExpired<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * The answers a resident typed freely (to `text` questions): what erasure and retention remove.
 * Only those actually given, since each is blanked rather than deleted: the question still counts
 * as answered, so `answered` and completion rates stay as they were.
 */
export function freeTextAnswers(
  questions: readonly Question[],
  answers: Readonly<Record<string, unknown>>,
): string[] {
  return questions
    .filter((q) => q.type === 'text' && typeof answers[q.id] === 'string' && answers[q.id] !== '')
    .map((q) => q.id);
}

/** An answer as the person reads it: option labels rather than ids, in the city's first language. */
export function readableAnswer(
  q: Question | undefined,
  value: unknown,
  language: string,
): string | number | null {
  const label = (text: LocalizedText) => pickLanguage(text, [language], language).text;
  if (q && 'options' in q) {
    const labelOf = (id: unknown) => {
      const option = q.options.find((candidate) => candidate.id === id);
      return option ? label(option.label) : String(id);
    };
    if (Array.isArray(value)) return value.map(labelOf).join('; ');
    return labelOf(value);
  }
  // Free text as typed: this is the person's own copy, not a spreadsheet of others' (no formula guard).
  if (typeof value === 'string') return value;
  return cellValue(value) ?? null;
}

/** What the holder reads besides its own store: the surveys' titles and questions. */
export type SurveyReads = Pick<SurveyStore, 'getSurvey' | 'getVersion' | 'getResponse'>;

export function surveysPrivacy(
  store: SurveyPrivacyStore,
  surveys: SurveyReads,
  options: { language: () => string; pseudonym?: () => string },
) {
  const { language, pseudonym = newId } = options;

  /** Survey titles and versions, read once per request however many items name them. */
  function cachedReads() {
    const titles = new Map<string, Promise<string | null>>();
    const versions = new Map<string, Promise<readonly Question[]>>();
    return {
      title: (surveyId: string) => {
        if (!titles.has(surveyId))
          titles.set(
            surveyId,
            surveys
              .getSurvey(surveyId)
              .then((survey) => (survey ? pickLanguage(survey.title, [language()], language()).text : null)),
          );
        return titles.get(surveyId) as Promise<string | null>;
      },
      questions: (surveyId: string, version: number) => {
        const key = `${surveyId}#${version}`;
        if (!versions.has(key))
          versions.set(
            key,
            surveys.getVersion(surveyId, version).then((found) => found?.questions ?? []),
          );
        return versions.get(key) as Promise<readonly Question[]>;
      },
    };
  }

  const holder: PersonalDataHolder = {
    context: 'surveys',

    async personalDataOf(person) {
      const items = await store.itemsOf(person.participantHash);
      const reads = cachedReads();
      const responses: PersonalRecords['records'] = [];
      const answers: PersonalRecords['records'] = [];

      const addAnswers = async (
        surveyId: string,
        version: number,
        given: Record<string, unknown>,
        survey: string | null,
      ) => {
        const questions = await reads.questions(surveyId, version);
        for (const [questionId, value] of Object.entries(given)) {
          const q = questions.find((candidate) => candidate.id === questionId);
          answers.push({
            surveyId,
            survey,
            question: q ? pickLanguage(q.title, [language()], language()).text : questionId,
            answer: readableAnswer(q, value, language()),
          });
        }
      };

      for (const item of items) {
        const survey = await reads.title(item.surveyId);
        if (item.type === 'SurveyRespondent' && item.status === 'counted') {
          const response = await surveys.getResponse(item.surveyId, item.responseId);
          responses.push({
            surveyId: item.surveyId,
            survey,
            status: 'counted',
            submittedAt: response?.submittedAt ?? item.requestedAt ?? null,
            countedAt: item.countedAt ?? null,
            neighbourhood: response?.respondent?.neighbourhood ?? null,
            ageBand: response?.respondent?.ageBand ?? null,
            language: response?.respondent?.language ?? null,
          });
          if (response) await addAnswers(item.surveyId, response.version, response.answers, survey);
        } else if (item.type === 'SurveyResponseConfirmation' && !item.confirmedAt && item.answers) {
          // A response not (yet) confirmed: its answers wait on the confirmation item.
          responses.push({
            surveyId: item.surveyId,
            survey,
            status: item.lapsesAt * 1000 <= Date.now() ? 'lapsed' : 'awaiting-confirmation',
            submittedAt: item.requestedAt,
            countedAt: null,
            neighbourhood: item.respondent?.neighbourhood ?? null,
            ageBand: item.respondent?.ageBand ?? null,
            language: item.respondent?.language ?? null,
          });
          await addAnswers(item.surveyId, item.version, item.answers, survey);
        }
        // A pending respondent is told by its confirmation; a confirmed confirmation by its respondent.
      }
      return [
        { entity: 'SurveyResponse', records: responses },
        { entity: 'SurveyAnswer', records: answers },
      ].filter((entity) => entity.records.length > 0);
    },

    async erasePerson(person, { erasedAs }) {
      await store.includingExpired(async () => {
        const reads = cachedReads();
        for (const item of await store.itemsOf(person.participantHash)) {
          if (item.type === 'SurveyRespondent' && item.status === 'counted') {
            // The count stays, under the erasure's pseudonym; what the person typed goes.
            const response = await surveys.getResponse(item.surveyId, item.responseId);
            const freeText = response
              ? freeTextAnswers(await reads.questions(item.surveyId, response.version), response.answers)
              : [];
            await store.anonymiseRespondent(item, erasedAs, { responseId: item.responseId, freeText });
          } else {
            // Pending requests, and confirmations (their answers moved to the response when counted).
            await store.deleteItem(item.key);
          }
        }
      });
    },

    async applyRetention(due: readonly RetentionDue[]) {
      await store.includingExpired(async () => {
        const reads = cachedReads();
        // Only the entities declared here; any other item is left to the holder that keeps it.
        for (const item of due) {
          if (item.type === 'SurveyResponse' && item.retention === 'anonymise') {
            const response = await store.responseAt(item);
            if (!response) continue;
            const freeText = freeTextAnswers(
              await reads.questions(response.surveyId, response.version),
              response.answers,
            );
            await store.anonymiseResponse(item, freeText, item.expiresAt);
          } else if (item.type === 'SurveyRespondent' && item.retention === 'anonymise') {
            const respondent = await store.respondentAt(item);
            // Its response has its own retention, due at the same time: only the count is re-keyed here.
            if (respondent)
              await store.anonymiseRespondent(respondent, pseudonym(), undefined, item.expiresAt);
          } else if (item.type === 'SurveyResponseConfirmation' && item.retention === 'delete') {
            await store.deleteItem(item, item.expiresAt);
          }
        }
      });
    },
  };

  return {
    holder,
    /**
     * A person withdrew their consent to share demographics: the responses they gave (and those
     * still awaiting their link) lose the shared profile at once, so results by neighbourhood no
     * longer count them there. Responses under `open` assurance name nobody and cannot be found.
     */
    async withdrawDemographics(participantHash: string): Promise<void> {
      await store.includingExpired(async () => {
        for (const item of await store.itemsOf(participantHash))
          if (
            (item.type === 'SurveyRespondent' && item.status === 'counted') ||
            (item.type === 'SurveyResponseConfirmation' && item.respondent)
          )
            await store.forgetProfile(item);
      });
    },
  };
}
