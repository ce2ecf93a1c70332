import type { DomainEvent } from '../../shared/domain/domain-event';
import type { Need } from './needs-schemas';

/** Survey answers that show a need: respondents choosing any of `optionIds` name it. */
export interface NeedEvidence {
  surveyId: string;
  questionId: string;
  optionIds: string[];
}

/** A need as stored: its evidence without the figures, and the tallies the figures come from. */
export interface StoredNeed extends Omit<Need, 'evidence' | 'share' | 'score'> {
  evidence: NeedEvidence[];
  /** `a<i>`: respondents who answered evidence question i; `n<i>`: of them, those who named the need. */
  tallies: Record<string, number>;
}

/** What an evidence survey knows of a need that counts its answers (evidence item `evidenceIndex`). */
export interface EvidenceLink {
  needId: string;
  evidenceIndex: number;
  questionId: string;
  optionIds: string[];
}

/**
 * Persistence for needs. The DynamoDB implementation (`dynamo-need-store.ts`) keeps each need's
 * evidence links in its evidence survey's partition, and a marker per counted response, so a
 * response is counted once however often its event is delivered.
 */
export interface NeedStore {
  /**
   * Stores a new need, a link for each of its evidence items, and its event, in one transaction:
   * the event is published only once the links exist, so what it triggers sees every link.
   */
  addNeed(need: StoredNeed, event: DomainEvent): Promise<void>;
  /** Every need of an initiative (an initiative has tens of needs, not thousands), in no set order. */
  needsOfInitiative(initiativeId: string): Promise<StoredNeed[]>;
  /** The links of the needs whose evidence comes from this survey (of one need, when given). */
  evidenceLinks(surveyId: string, needId?: string): Promise<EvidenceLink[]>;
  /**
   * Counts one response for one link, once: one more answer, and one more naming the need when
   * `names`. `already-counted` (and nothing changes) when this response was counted for it before.
   */
  countResponse(
    link: EvidenceLink,
    responseId: string,
    names: boolean,
  ): Promise<'counted' | 'already-counted'>;
}
