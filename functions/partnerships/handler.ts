import { createHttpHandler } from '../../shared/http/pipeline';
import { partnershipRoutes } from './routes';

/** Organisations, partnerships and partner contributions. One function, routing inside. */
export const handler = createHttpHandler(partnershipRoutes);
