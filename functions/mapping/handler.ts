import { createHttpHandler } from '../../shared/http/pipeline';
import { mappingRoutes } from './routes';

/** Community assets: suggestions, review and the public GeoJSON map. One function, routing inside. */
export const handler = createHttpHandler(mappingRoutes);
