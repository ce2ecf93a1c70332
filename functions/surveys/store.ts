import type { Channel } from '../../shared/domain/channel';
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
  /** Where it came from; items written before channels read as `web`. */
  channel: Channel;
}

/**
 * A response under `email` assurance awaiting its emailed confirmation, as the link finds it: the
 * answers (until confirmed), the token's hash, when it lapses, and what the event will say.
 */
export interface ResponseConfirmation {
  responseId: string;
  surveyId: string;
  initiativeId: string;
  version: number;
  /** Until confirmed; the counted `RESPONSE#` item holds them afterwards. */
  answers?: Record<string, unknown>;
  respondent?: StoredResponse['respondent'];
  /** Keyed hash of the canonical address: the respondent item this request belongs to. */
  participantHash: string;
  /** Where the response came from (confirmations written before channels read as `web`). */
  channel: Channel;
  /** SHA-256 of the mailed token; the token itself is never stored. */
  tokenHash: string;
  /** Epoch seconds: from then on the response can no longer be confirmed. */
  lapsesAt: number;
  requestedAt: string;
  /** What the link confirms, for its page (the survey's title is the city's own words). */
  surveyTitle: Record<string, string>;
  answeredQuestions: number;
  complete: boolean;
  confirmedAt?: string;
}

export type PendingResponse = Omit<ResponseConfirmation, 'confirmedAt'> & {
  answers: Record<string, unknown>;
};

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
   * Under `email` assurance: stores the response as pending with its confirmation, if the survey is
   * still published at its version, replacing an earlier pending request of the same respondent
   * (whose link stops working). `already-counted` (nothing written) when this respondent's response
   * already counts. Nothing of it is read by results, exports or needs.
   */
  requestResponse(pending: PendingResponse): Promise<'pending' | 'already-counted' | 'not-published'>;
  getResponseConfirmation(surveyId: string, responseId: string): Promise<ResponseConfirmation | undefined>;
  /**
   * Counts a pending response: in one transaction, marks the confirmation used (unused and
   * unlapsed at `confirmedAt`), the respondent `counted` (still pending with this `responseId`),
   * writes the `RESPONSE#` item, checks the survey is still published, and commits the events
   * (the response's, and the consent ledger's record of a shared profile).
   * Otherwise says which failed (nothing written).
   */
  confirmResponse(
    confirmation: PendingResponse,
    confirmedAt: string,
    events: readonly DomainEvent[],
  ): Promise<'counted' | 'already-confirmed' | 'lapsed' | 'superseded' | 'not-published'>;
  /** Respondents of this version whose request is pending and not lapsed at `now`. */
  countAwaitingConfirmation(surveyId: string, version: number, now: Date): Promise<number>;
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
