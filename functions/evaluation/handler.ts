import { createHttpHandler } from '../../shared/http/pipeline';
import { evaluationRoutes } from './routes';

/** Logic models, indicators and measurements, feedback, reflections and digest subscriptions. */
export const handler = createHttpHandler(evaluationRoutes);
