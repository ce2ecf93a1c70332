import type { PersonalDataHolder } from '../../shared/privacy/person';
import { personalDataHolder as batches } from '../batches/published';
import { personalDataHolder as evaluation } from '../evaluation/published';
import { personalDataHolder as impact } from '../impact/published';
import { personalDataHolder as meetings } from '../meetings/published';
import { personalDataHolder as participation } from '../participation/published';
import { personalDataHolder as partnerships } from '../partnerships/published';
import { personalDataHolder as petitions } from '../petitions/published';
import { personalDataHolder as surveys } from '../surveys/published';
import { personalDataHolder as volunteering } from '../volunteering/published';
import { consentLedgerHolder } from './consent-ledger';
import { privacyRequestsHolder } from './published';

/**
 * Every holder of residents' data, each context's `personalDataHolder` from its `published.ts`
 * (and the privacy context's own parts): the `privacy-requests` consumer exports and erases
 * through them, the `retention` job hands each its due items. Add a context's holder here, and
 * the context to `publishedFrom` of both functions in `api.ts` (the least-privilege test checks
 * the imports against it). A context may have more than one part; each ignores items of an
 * entity it does not keep.
 */
export const personalDataHolders: readonly PersonalDataHolder[] = [
  participation,
  surveys,
  volunteering,
  meetings,
  petitions,
  impact,
  evaluation,
  partnerships,
  batches,
  consentLedgerHolder,
  privacyRequestsHolder,
];
