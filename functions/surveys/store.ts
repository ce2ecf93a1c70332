import type { DomainEvent } from '../../shared/domain/domain-event';
import type { Page, PageRequest } from '../../shared/domain/page';
import type { Question } from './questions';
import type { StoredSurvey } from './schemas';

export interface StoredResponse {
  responseId: string;
  surveyId: string;
  version: number;
  answers: Record<string, unknown>;
  respondent?: { neighbourhood?: string; ageBand?: string; language?: string };
  submittedAt: string;
}

export interface SurveyVersion {
  surveyId: string;
  version: number;
  questions: Question[];
  createdAt: string;
}

/** Persistence for surveys; `dynamo-store.ts` holds the invariants in conditional writes. */
export interface SurveyStore {
  createSurvey(survey: StoredSurvey, firstVersion: SurveyVersion): Promise<void>;
  getSurvey(surveyId: string): Promise<StoredSurvey | undefined>;
  getVersion(surveyId: string, version: number): Promise<SurveyVersion | undefined>;
  /** Every version of a survey, oldest first (a query of the survey's partition). */
  listVersions(surveyId: string): Promise<SurveyVersion[]>;
  /**
   * The survey's responses, oldest first, one DynamoDB page at a time (of one version, when
   * given): a caller holds one page in memory, never the whole survey.
   */
  responsePages(
    surveyId: string,
    filter: { version?: number | undefined; pageSize: number },
  ): AsyncIterable<StoredResponse[]>;
  /** One page of responses, oldest first (of one version, when given). */
  responsePage(
    surveyId: string,
    request: PageRequest & { version?: number | undefined },
  ): Promise<Page<StoredResponse>>;
  /** Calls `visit` for every response of a version, page by page (a query of the survey's partition). */
  forEachResponse(
    surveyId: string,
    version: number,
    visit: (response: StoredResponse) => void,
  ): Promise<void>;
  /** One response, or undefined when there is none with this ID. */
  getResponse(surveyId: string, responseId: string): Promise<StoredResponse | undefined>;
  /** Stores a response with its event, if the survey is still published (at this version). */
  addResponse(response: StoredResponse, event: DomainEvent): Promise<'added' | 'not-published'>;
  /**
   * Replaces the survey record if it still has `expected.currentVersion` and `expected.status`,
   * writing `version` with it: a new version, or the draft's content again. `stale` when someone
   * else changed the survey first.
   */
  saveSurvey(
    survey: StoredSurvey,
    expected: Pick<StoredSurvey, 'currentVersion' | 'status'>,
    version: SurveyVersion | undefined,
  ): Promise<'saved' | 'stale'>;
}
