import type { PersonalDataHolder } from '../../shared/privacy/person';
import { meetingsPersonalDataHolder } from './dynamo-personal-data';

/**
 * What meetings publish to other contexts: a resident's meeting registrations for the privacy
 * context — their export, their erasure, and the end of each item's retention.
 */
export const personalDataHolder: PersonalDataHolder = meetingsPersonalDataHolder;
