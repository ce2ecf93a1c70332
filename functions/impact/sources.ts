import { indicatorsOfInitiative, latestMeasurement } from '../evaluation/published';
import { partnershipsActiveIn } from '../partnerships/published';
import { shiftSeatsOfDays } from '../volunteering/published';
import type { ImpactSources } from './facts';

/** What a summary reads from other contexts: the functions they publish, nothing of their storage. */
export const publishedSources: ImpactSources = {
  shiftSeatsOfDays,
  partnershipsActiveIn,
  indicatorsOf: indicatorsOfInitiative,
  latestMeasurement,
};
