import { runtimeConfig } from '../../shared/config/runtime';
import type { PersonalDataHolder } from '../../shared/privacy/person';
import { surveyResponseIntake } from './batch-intake';
import { dynamoSurveyBatchWrites } from './dynamo-batch-intake';
import { dynamoSurveyPrivacyStore } from './dynamo-privacy-store';
import { dynamoSurveyStore } from './dynamo-store';
import { surveysPrivacy } from './privacy';

/**
 * What surveys publish to other contexts. Surveys' part in residents' privacy requests and in the
 * retention job: a person's survey responses under `email` assurance (found by the person index
 * through their respondent and confirmation items) read out with their questions, erased (the
 * count kept anonymously, free text removed, pending requests deleted) or ended when their
 * retention does.
 */
export const personalDataHolder: PersonalDataHolder = surveysPrivacy(
  dynamoSurveyPrivacyStore,
  dynamoSurveyStore,
  {
    language: () => runtimeConfig().LOCALES[0] ?? 'en',
  },
).holder;

/**
 * Surveys' intake of staff-entered batches (`functions/batches/`): paper and phone responses,
 * checked as the web route checks them and written with their channel and provenance.
 */
export const surveyResponseBatchIntake = surveyResponseIntake(dynamoSurveyStore, dynamoSurveyBatchWrites);
