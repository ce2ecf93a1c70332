import { createStreamingHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { surveyExportRoutes } from './api';
import { dynamoSurveyStore } from './dynamo-store';
import { responsesCsvFilename, surveyExports } from './export';

const surveyExport = surveyExports(dynamoSurveyStore);

/** Raw survey responses, as JSON pages or one streamed CSV download. */
export const handler = createStreamingHttpHandler(
  bindRoutes(surveyExportRoutes, {
    listSurveyResponses: {
      handler: ({ params, query }) => surveyExport.responsePage(params.surveyId, query),
      streamed: {
        filename: ({ params, query }) => responsesCsvFilename(params.surveyId, query.version),
        open: ({ params, query }) => surveyExport.responsesCsv(params.surveyId, query.version),
      },
    },
  }),
);
