import { createHttpHandler } from '../../shared/http/pipeline';
import { platformRoutes } from './routes';

/** Health and the OpenAPI document; in the cloud also the 404/405 answer for paths no context owns. */
export const handler = createHttpHandler(platformRoutes);
