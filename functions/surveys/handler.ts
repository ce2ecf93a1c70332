import { createHttpHandler } from '../../shared/http/pipeline';
import { surveyRoutes } from './routes';

/** Surveys: authoring versioned question sets and serving them to forms. */
export const handler = createHttpHandler(surveyRoutes);
