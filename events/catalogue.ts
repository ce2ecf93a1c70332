import type { EventDefinition } from './define-event';
import { AssetApproved, AssetSuggested } from './mapping';
import { NeedDefined } from './needs';
import { ContributionModerated, ContributionSubmitted, VoteCast } from './participation';
import { SurveyResponseSubmitted } from './surveys';

/**
 * Every domain event Civic publishes. The outbox publisher refuses to publish anything not
 * listed here, and a test checks each entry has a sample under `events/samples/`.
 */
export const eventCatalogue: readonly EventDefinition[] = [
  ContributionSubmitted,
  VoteCast,
  ContributionModerated,
  AssetSuggested,
  AssetApproved,
  SurveyResponseSubmitted,
  NeedDefined,
];

export function findEventDefinition(source: string, detailType: string): EventDefinition | undefined {
  return eventCatalogue.find((event) => event.source === source && event.detailType === detailType);
}
