import { digestSubscribers, issueUnsubscribeToken } from '../evaluation/published';
import { compileImpactSummaries, summariesOfPeriod } from '../impact/published';
import { initiativesById } from '../participation/published';
import { partnershipsNeedingAttention } from '../partnerships/published';
import { petitionsNeedingAttention } from '../petitions/published';
import type { DigestSources } from './digests';

/** What a digest reads from other contexts: the functions they publish, nothing of their storage. */
export const publishedSources: DigestSources = {
  summariesOfPeriod,
  compileImpactSummaries,
  initiativesById,
  partnershipsNeedingAttention,
  petitionsNeedingAttention,
  subscribers: digestSubscribers,
  issueUnsubscribeToken,
};
