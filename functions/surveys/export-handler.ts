import { createStreamingHttpHandler } from '../../shared/http/pipeline';
import { surveyExportRoutes } from './export-routes';

export const handler = createStreamingHttpHandler(surveyExportRoutes);
